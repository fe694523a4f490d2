/**
 * Provides the trainer's durable training log: labelled triplets consumed from the triplet topic, deduplicated by
 * triplet id, appended and fsynced on local disk together with the topic positions they were read up to.
 */
package io.cirstream.trainer.log;
