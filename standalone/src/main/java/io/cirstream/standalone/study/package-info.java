/**
 * Provides the feature-distribution study ({@code cirstream study}): how two bundles' features of a dataset's
 * validation split are distributed (image–image, text–image and query–target cosines, the modality gap, a 2-D PCA
 * of reference, caption, query and target features), written as a Markdown report with SVG plots.
 */
package io.cirstream.standalone.study;
