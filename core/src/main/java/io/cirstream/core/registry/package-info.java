/**
 * Provides the reader side of model versions: the registry that follows the model topic, fetches each announced
 * version's weights from the model store, verifies their SHA-256 and dimensions, and keeps serving the last good
 * version when an announcement cannot be used.
 */
package io.cirstream.core.registry;
