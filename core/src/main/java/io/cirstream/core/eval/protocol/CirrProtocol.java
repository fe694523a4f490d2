package io.cirstream.core.eval.protocol;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.eval.FeatureIndex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * CIRR's protocol (CLIP4Cir's {@code compute_cirr_val_metrics}): one ranking over the whole split with the reference
 * <b>removed</b>; Recall@1/5/10/50; Recall_subset@1/2/3 over the query's image-set members in the order of that
 * ranking (so also without the reference); {@code Avg = (R@5 + Recall_subset@1) / 2}. A target that is the reference
 * itself, or not in the index, is a miss at every K; one that is not among the members is a subset miss.
 */
public final class CirrProtocol {

    public static final int[] KS = {1, 5, 10, 50};
    public static final int[] SUBSET_KS = {1, 2, 3};

    private CirrProtocol() {}

    public static CirrResult evaluate(FeatureIndex index, List<ProtocolQuery> queries) {
        if (queries.isEmpty()) {
            throw new InvalidInputException("CIRR evaluation needs at least one query");
        }
        return result(index, queries, ranks(index, queries), subsetRanks(index, queries));
    }

    /** The numbers from precomputed {@link #ranks} and {@link #subsetRanks}. */
    public static CirrResult result(FeatureIndex index, List<ProtocolQuery> queries, int[] ranks, int[] subsetRanks) {
        int notRankable =
                (int) Arrays.stream(ranks).filter(r -> r == FeatureIndex.ABSENT).count();
        int notInSubset = 0;
        for (ProtocolQuery query : queries) {
            notInSubset +=
                    !query.target().equals(query.reference()) && query.subset().contains(query.target()) ? 0 : 1;
        }
        double r5 = Percent.recall(ranks, KS[1]);
        double s1 = Percent.recall(subsetRanks, SUBSET_KS[0]);
        return new CirrResult(
                queries.size(),
                index.size(),
                notRankable,
                notInSubset,
                Percent.recall(ranks, KS[0]),
                r5,
                Percent.recall(ranks, KS[2]),
                Percent.recall(ranks, KS[3]),
                s1,
                Percent.recall(subsetRanks, SUBSET_KS[1]),
                Percent.recall(subsetRanks, SUBSET_KS[2]),
                (r5 + s1) / 2);
    }

    /** Each target's 1-based rank over the index without the reference ({@link FeatureIndex#ABSENT} if it cannot rank). */
    public static int[] ranks(FeatureIndex index, List<ProtocolQuery> queries) {
        float[][] features = new float[queries.size()][];
        int[] targets = new int[queries.size()];
        List<IntPredicate> excluded = new ArrayList<>(queries.size());
        for (int i = 0; i < features.length; i++) {
            ProtocolQuery query = queries.get(i);
            features[i] = query.feature();
            targets[i] = index.indexOf(target(query));
            excluded.add(withoutReference(index, query));
        }
        return index.ranks(features, targets, excluded);
    }

    /** Each target's 1-based rank among the image-set members without the reference. */
    public static int[] subsetRanks(FeatureIndex index, List<ProtocolQuery> queries) {
        float[][] features = new float[queries.size()][];
        int[] targets = new int[queries.size()];
        List<IntPredicate> excluded = new ArrayList<>(queries.size());
        for (int i = 0; i < features.length; i++) {
            ProtocolQuery query = queries.get(i);
            features[i] = query.feature();
            boolean member = query.subset().contains(target(query));
            targets[i] = member ? index.indexOf(query.target()) : -1;
            excluded.add(outsideSubset(index, query));
        }
        return index.ranks(features, targets, excluded);
    }

    /** Excludes the reference (and nothing else): the candidates of the global ranking. */
    static IntPredicate withoutReference(FeatureIndex index, ProtocolQuery query) {
        int reference = index.indexOf(query.reference());
        return j -> j == reference;
    }

    /** Excludes everything but the members, and the reference among them: the candidates of the subset ranking. */
    static IntPredicate outsideSubset(FeatureIndex index, ProtocolQuery query) {
        int reference = index.indexOf(query.reference());
        int[] members = query.subset().stream()
                .mapToInt(index::indexOf)
                .filter(j -> j >= 0 && j != reference)
                .distinct()
                .sorted()
                .toArray();
        return j -> Arrays.binarySearch(members, j) < 0;
    }

    private static String target(ProtocolQuery query) {
        if (query.target() == null) {
            throw new InvalidInputException("CIRR query " + query.id() + " has no target: test1 goes to the"
                    + " evaluation server (write a submission instead)");
        }
        return query.target();
    }
}
