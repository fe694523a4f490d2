/** Provides typed configuration read from properties and the environment, shared by every service. */
package io.cirstream.core.config;
