/** Provides the published evaluation protocols of FashionIQ and CIRR over exact rankings, and CIRR's submission files. */
package io.cirstream.core.eval.protocol;
