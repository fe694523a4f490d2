package io.cirstream.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.core.InvalidInputException;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProductFilterTest {

    @Test
    void anEmptyPriceRangeIsRefusedWithBothBounds() {
        assertThatThrownBy(() -> ProductFilter.none().withPriceRange(500, 100))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("500")
                .hasMessageContaining("100");
    }

    @Test
    void anEmptyCategorySetIsRefused() {
        assertThatThrownBy(() -> ProductFilter.none().withCategories(Set.of()))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theFilterIsImmutable() {
        Set<String> categories = new HashSet<>(Set.of("shoes"));
        ProductFilter filter = ProductFilter.none().withCategories(categories);
        categories.add("bags");

        assertThat(filter.categories()).containsExactly("shoes");
        assertThat(ProductFilter.none().withInStock(true)).isNotEqualTo(ProductFilter.none());
        assertThat(ProductFilter.none().isEmpty()).isTrue();
    }

    @Test
    void storedProductsRefuseNonFiniteFeaturesAndCopyTheirFeature() {
        float[] feature = {1, 2};
        StoredProduct product = new ProductBuilder("a", feature).build();
        feature[0] = 9;

        assertThat(product.feature()).containsExactly(1, 2);
        assertThatThrownBy(() -> new ProductBuilder("a", new float[] {Float.NaN}).build())
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("non-finite");
        assertThat(new SourceVersion(5, 1).isOlderThan(new SourceVersion(5, 2))).isTrue();
        assertThat(new SourceVersion(4, 9).isOlderThan(new SourceVersion(5, 0))).isTrue();
    }
}
