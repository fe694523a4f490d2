/**
 * Provides the web demo of the query service: its static page (plain HTML, CSS and JavaScript on the classpath, no
 * build step), a live view of the stream (records on the topics, the index size) and a proxy to the trainer's
 * training API, all on the service's own HTTP server.
 */
package io.cirstream.query.web;
