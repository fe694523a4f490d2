/** Provides durable file writes: fsynced contents, atomic replacement, and fsynced directory entries. */
package io.cirstream.core.io;
