/** Provides the product images of catalogue events: inline bytes, or fetched from URIs on an allow-list with limits. */
package io.cirstream.ingest.fetch;
