package io.cirstream.core.eval;

import io.cirstream.core.InvalidInputException;
import io.cirstream.core.store.FeatureVectors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * Exact cosine search over a fixed set of image features, for evaluation and held-out checks: every query is
 * scored against every entry. Entries are L2-normalised when the index is built (from raw features, which stay the
 * caller's), queries when they are scored, as the method prescribes: normalise only for scoring.
 *
 * <p>Ranking is deterministic: candidates are ordered by descending score, and at equal scores the lower index
 * comes first (what a stable sort gives). Immutable and thread-safe.
 */
public final class FeatureIndex {

    /** The rank of a target that cannot be found: absent from the index, or excluded from the ranking. */
    public static final int ABSENT = Integer.MAX_VALUE;

    private static final IntPredicate NONE = index -> false;

    private final List<String> ids;
    private final Map<String, Integer> positions;
    private final float[][] unit;
    private final int dimension;

    private FeatureIndex(List<String> ids, float[][] unit, int dimension) {
        this.ids = ids;
        this.unit = unit;
        this.dimension = dimension;
        this.positions = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            if (positions.putIfAbsent(ids.get(i), i) != null) {
                throw new InvalidInputException("id '" + ids.get(i) + "' appears twice in the index");
            }
        }
    }

    /**
     * An index over these entries, in this order.
     *
     * @param ids one unique id per entry
     * @param rawFeatures one raw feature per entry, all of one dimension, none zero or non-finite
     */
    public static FeatureIndex of(List<String> ids, float[][] rawFeatures) {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(rawFeatures, "rawFeatures");
        if (ids.size() != rawFeatures.length) {
            throw new InvalidInputException(
                    "the index needs one feature per id: " + ids.size() + " ids, " + rawFeatures.length + " features");
        }
        if (ids.isEmpty()) {
            throw new InvalidInputException("an index needs at least one entry");
        }
        int dimension = rawFeatures[0].length;
        float[][] unit = new float[rawFeatures.length][];
        for (int i = 0; i < unit.length; i++) {
            String what = "feature of '" + ids.get(i) + "'";
            FeatureVectors.requireDimension(what, rawFeatures[i], dimension);
            unit[i] = FeatureVectors.normalised(what, rawFeatures[i]);
        }
        return new FeatureIndex(List.copyOf(ids), unit, dimension);
    }

    public int size() {
        return ids.size();
    }

    public int dimension() {
        return dimension;
    }

    /** The id of entry {@code index}. */
    public String id(int index) {
        return ids.get(index);
    }

    /** Every id, in index order. */
    public List<String> ids() {
        return ids;
    }

    /** The position of this id, or -1 if the index does not hold it. */
    public int indexOf(String id) {
        Integer position = positions.get(id);
        return position == null ? -1 : position;
    }

    /** The cosine similarity of {@code query} (any length, normalised here) with every entry, in index order. */
    public float[] scores(float[] query) {
        FeatureVectors.requireDimension("query", query, dimension);
        float[] q = FeatureVectors.normalised("query", query);
        float[] out = new float[unit.length];
        for (int i = 0; i < unit.length; i++) {
            out[i] = dot(q, unit[i]);
        }
        return out;
    }

    /**
     * The 1-based rank of entry {@code target} for this query among the entries not excluded; {@link #ABSENT} when
     * {@code target} is negative (not in the index) or itself excluded.
     */
    public int rankOf(float[] query, int target, IntPredicate excluded) {
        Objects.requireNonNull(excluded, "excluded");
        if (target < 0 || excluded.test(target)) {
            return ABSENT;
        }
        if (target >= unit.length) {
            throw new IndexOutOfBoundsException("target " + target + " is not in an index of " + unit.length);
        }
        float[] scores = scores(query);
        float targetScore = scores[target];
        int ahead = 0;
        for (int j = 0; j < scores.length; j++) {
            if (j != target && !excluded.test(j) && ranksBefore(scores[j], j, targetScore, target)) {
                ahead++;
            }
        }
        return ahead + 1;
    }

    /** The 1-based rank of {@code target} among every entry. */
    public int rankOf(float[] query, int target) {
        return rankOf(query, target, NONE);
    }

    /** The indices of the {@code k} best entries not excluded, best first (fewer when fewer remain). */
    public int[] topK(float[] query, int k, IntPredicate excluded) {
        if (k < 1) {
            throw new InvalidInputException("k must be >= 1, got " + k);
        }
        Objects.requireNonNull(excluded, "excluded");
        float[] scores = scores(query);
        // A heap whose head is the worst of the best k so far.
        PriorityQueue<Integer> best = new PriorityQueue<>(
                k + 1, (a, b) -> ranksBefore(scores[a], a, scores[b], b) ? 1 : a.equals(b) ? 0 : -1);
        for (int j = 0; j < scores.length; j++) {
            if (excluded.test(j)) {
                continue;
            }
            if (best.size() < k) {
                best.add(j);
            } else if (ranksBefore(scores[j], j, scores[best.peek()], best.peek())) {
                best.poll();
                best.add(j);
            }
        }
        int[] out = new int[best.size()];
        for (int i = out.length - 1; i >= 0; i--) {
            out[i] = best.poll();
        }
        return out;
    }

    /**
     * The ranks of many queries at once, computed in parallel: {@code ranks[i] = rankOf(queries[i], targets[i],
     * excluded.get(i))}.
     *
     * @param excluded one predicate per query, or {@code null} to exclude nothing
     */
    public int[] ranks(float[][] queries, int[] targets, List<IntPredicate> excluded) {
        if (queries.length != targets.length || (excluded != null && excluded.size() != queries.length)) {
            throw new InvalidInputException("ranks needs as many targets and exclusions as queries: " + queries.length
                    + " queries, " + targets.length + " targets, "
                    + (excluded == null ? "no" : Integer.toString(excluded.size())) + " exclusions");
        }
        int[] out = new int[queries.length];
        IntStream.range(0, queries.length)
                .parallel()
                .forEach(i -> out[i] = rankOf(queries[i], targets[i], excluded == null ? NONE : excluded.get(i)));
        return out;
    }

    /** Whether the candidate (score, index) ranks before the other: higher score, or equal score and lower index. */
    private static boolean ranksBefore(float score, int index, float otherScore, int otherIndex) {
        return score > otherScore || (score == otherScore && index < otherIndex);
    }

    private static float dot(float[] a, float[] b) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < a.length; i += 4) {
            s0 += a[i] * b[i];
            s1 += a[i + 1] * b[i + 1];
            s2 += a[i + 2] * b[i + 2];
            s3 += a[i + 3] * b[i + 3];
        }
        for (; i < a.length; i++) {
            s0 += a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    @Override
    public String toString() {
        return "FeatureIndex[" + ids.size() + " x " + dimension + ", first " + ids.subList(0, Math.min(3, ids.size()))
                + (ids.size() > 3 ? "..." : "") + "]";
    }
}
