/** Provides evaluation reports: a JSON record, a human-readable table and a recall@K chart in SVG. */
package io.cirstream.core.eval.report;
