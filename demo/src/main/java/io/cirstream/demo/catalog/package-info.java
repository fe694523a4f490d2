/** Provides the catalogue event file: a durable, framed sequence of catalogue events and its publisher. */
package io.cirstream.demo.catalog;
