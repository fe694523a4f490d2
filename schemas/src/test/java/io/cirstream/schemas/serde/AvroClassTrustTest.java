package io.cirstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cirstream.schemas.avro.ProductUpserted;
import java.util.ArrayList;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

class AvroClassTrustTest {

    @Test
    void theGeneratedPackageIsTrustedWithoutAnySystemProperty() {
        assertThat(System.getProperty("org.apache.avro.SERIALIZABLE_PACKAGES")).isNull();

        AvroClassTrust.ensureTrusted();
        AvroClassTrust.ensureTrusted();

        assertThatCode(() -> ClassSecurityValidator.validate(ProductUpserted.class))
                .doesNotThrowAnyException();
    }

    @Test
    void onlyThatPackageIsAdded() {
        AvroClassTrust.ensureTrusted();

        assertThat(AvroClassTrust.isTrusted(AvroClassTrust.class)).isFalse();
        assertThatThrownBy(() -> ClassSecurityValidator.validate(ArrayList.class))
                .isInstanceOf(SecurityException.class);
        assertThatCode(() -> ClassSecurityValidator.validate(String.class)).doesNotThrowAnyException();
    }
}
