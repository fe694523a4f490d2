package io.cirstream.core.store;

import java.util.List;
import java.util.Map;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/** Translates a {@link ProductFilter} into a Lucene filter query: terms and points, never parsed text. */
final class LuceneFilterQueries {

    private LuceneFilterQueries() {}

    /** The query that keeps what {@code filter} keeps; null for the empty filter (no filtering). */
    static Query toQuery(ProductFilter filter) {
        if (filter.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder query = new BooleanQuery.Builder();
        if (!filter.categories().isEmpty()) {
            List<BytesRef> terms =
                    filter.categories().stream().map(BytesRef::new).toList();
            query.add(new TermInSetQuery(ProductDocuments.CATEGORY, terms), BooleanClause.Occur.FILTER);
        }
        if (filter.minPriceMinorUnits().isPresent()
                || filter.maxPriceMinorUnits().isPresent()) {
            long min = filter.minPriceMinorUnits().orElse(Long.MIN_VALUE);
            long max = filter.maxPriceMinorUnits().orElse(Long.MAX_VALUE);
            query.add(LongPoint.newRangeQuery(ProductDocuments.PRICE, min, max), BooleanClause.Occur.FILTER);
        }
        filter.inStock()
                .ifPresent(inStock -> query.add(
                        new TermQuery(new Term(ProductDocuments.IN_STOCK, Boolean.toString(inStock))),
                        BooleanClause.Occur.FILTER));
        for (Map.Entry<String, String> attribute : filter.attributeEquals().entrySet()) {
            Term term = new Term(
                    ProductDocuments.ATTRIBUTE,
                    ProductDocuments.attributeTerm(attribute.getKey(), attribute.getValue()));
            query.add(new TermQuery(term), BooleanClause.Occur.FILTER);
        }
        return query.build();
    }
}
