/** Provides the one SVG writer of the project's charts ({@link io.cirstream.core.chart.SvgCanvas}). */
package io.cirstream.core.chart;
