package io.cirstream.trainer.stage1;

import io.cirstream.core.model.ClipTokenizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Cuts an epoch of stage-1 triplets into batches: a fresh shuffle every epoch (seeded), batches of the configured
 * size (the remainder sits the epoch out, different triplets each epoch), each split into its micro-batches; one
 * caption form drawn per triplet and epoch, tokenised with CLIP's tokenizer; the reference and target images taken
 * from the {@link PixelStore}.
 */
final class Stage1Batches {

    private final List<Stage1Triplet> triplets;
    private final PixelStore pixels;
    private final ClipTokenizer tokenizer;
    private final int batchSize;
    private final int microBatchSize;
    private final Random random;
    private final Batching batching;

    Stage1Batches(List<Stage1Triplet> triplets, PixelStore pixels, ClipTokenizer tokenizer, Stage1Config config) {
        this.triplets = triplets;
        this.pixels = pixels;
        this.tokenizer = tokenizer;
        this.batchSize = config.batchSizeFor(triplets.size());
        this.microBatchSize = batchSize / config.accumulation();
        this.random = new Random(config.seed());
        this.batching = config.batching();
        if (microBatchSize < 2) {
            throw new IllegalArgumentException("%d triplets with accumulation %d leave micro-batches of %d"
                    .formatted(triplets.size(), config.accumulation(), microBatchSize));
        }
    }

    /** Triplets per step. */
    int batchSize() {
        return batchSize;
    }

    /** Steps per epoch. */
    int batchesPerEpoch() {
        return triplets.size() / batchSize;
    }

    /** The next epoch's order: a list of steps, each a list of triplets. */
    List<List<Stage1Triplet>> nextEpoch() {
        List<Stage1Triplet> order = batching == Batching.GROUPED ? groupedOrder() : new ArrayList<>(triplets);
        if (batching == Batching.RANDOM) {
            Collections.shuffle(order, random);
        }
        List<List<Stage1Triplet>> steps = new ArrayList<>();
        for (int start = 0; start + batchSize <= order.size(); start += batchSize) {
            steps.add(order.subList(start, start + batchSize));
        }
        return steps;
    }

    /** Groups in a shuffled order, each group's triplets shuffled and kept together. */
    private List<Stage1Triplet> groupedOrder() {
        Map<String, List<Stage1Triplet>> groups = new LinkedHashMap<>();
        for (Stage1Triplet triplet : triplets) {
            groups.computeIfAbsent(triplet.group(), g -> new ArrayList<>()).add(triplet);
        }
        List<List<Stage1Triplet>> shuffled = new ArrayList<>(groups.values());
        Collections.shuffle(shuffled, random);
        List<Stage1Triplet> order = new ArrayList<>(triplets.size());
        for (List<Stage1Triplet> group : shuffled) {
            List<Stage1Triplet> members = new ArrayList<>(group);
            Collections.shuffle(members, random);
            order.addAll(members);
        }
        return order;
    }

    /** A step's micro-batches, preprocessed and tokenised (the caption form drawn now). */
    List<Stage1Batch> microBatches(List<Stage1Triplet> step) {
        List<Stage1Batch> out = new ArrayList<>();
        for (int start = 0; start < step.size(); start += microBatchSize) {
            out.add(batch(step.subList(start, start + microBatchSize)));
        }
        return out;
    }

    private Stage1Batch batch(List<Stage1Triplet> part) {
        int size = part.size();
        int perImage = pixels.valuesPerImage();
        float[] images = new float[2 * size * perImage];
        pixels.copy(part.stream().map(Stage1Triplet::reference).toList(), images, 0);
        pixels.copy(part.stream().map(Stage1Triplet::target).toList(), images, size * perImage);
        List<String> captions =
                part.stream().map(t -> t.captions().sample(random)).toList();
        long[][] rows = tokenizer.encode(captions);
        int context = tokenizer.contextLength();
        long[] tokens = new long[size * context];
        for (int i = 0; i < size; i++) {
            System.arraycopy(rows[i], 0, tokens, i * context, context);
        }
        return new Stage1Batch(size, pixels.inputSize(), images, tokens);
    }
}
