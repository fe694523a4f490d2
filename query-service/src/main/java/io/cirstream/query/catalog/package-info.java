/** Provides read access to the catalogue view that the topology materialises from the catalogue topic: product details, images and browsing. */
package io.cirstream.query.catalog;
