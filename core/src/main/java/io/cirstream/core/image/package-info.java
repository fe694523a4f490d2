/** Provides image decoding under size limits and CLIP4Cir's targetpad preprocessing, bit-exact with PIL. */
package io.cirstream.core.image;
