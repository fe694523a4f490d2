/** Provides what every cirstream service shares, starting with its exception hierarchy. */
package io.cirstream.core;
