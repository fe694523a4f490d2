/**
 * Runs a published protocol on a dataset split ({@link io.cirstream.core.eval.run.DatasetEvaluation}): the
 * orchestration above the ranking primitives ({@code core.eval}), the protocols ({@code core.eval.protocol}) and the
 * reports ({@code core.eval.report}), so that those never point back up to it.
 */
package io.cirstream.core.eval.run;
