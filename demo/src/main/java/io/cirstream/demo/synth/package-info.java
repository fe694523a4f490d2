/** Provides the synthetic catalogue: procedurally drawn products, relative captions and both dataset layouts. */
package io.cirstream.demo.synth;
