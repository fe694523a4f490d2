/** Provides the progress callbacks long jobs report through (drawing, embedding, publishing). */
package io.cirstream.core.progress;
