package io.cirstream.ingest.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class UriAllowListTest {

    private final UriAllowList allowList = UriAllowList.of(
            List.of("https://cdn.shop.example/images", "http://127.0.0.1:8080/img/"), List.of(Path.of("/data/images")));

    @Test
    void urisUnderAnAllowedPrefixOrDirectoryAreAllowed() {
        assertThat(allowList.check("https://cdn.shop.example/images/p1.jpg"))
                .isInstanceOf(UriAllowList.Target.Remote.class);
        assertThat(allowList.check("HTTPS://CDN.shop.example:443/images/a/b.png?w=200"))
                .isInstanceOf(UriAllowList.Target.Remote.class);
        assertThat(allowList.check("http://127.0.0.1:8080/img/x.png")).isInstanceOf(UriAllowList.Target.Remote.class);
        assertThat(allowList.check("file:///data/images/p1.jpg"))
                .isEqualTo(new UriAllowList.Target.LocalFile(Path.of("/data/images/p1.jpg")));
    }

    @Test
    void everythingElseIsRefusedSayingWhy() {
        assertNotAllowed("https://cdn.shop.example/imagesX/p1.jpg", "none of the allowed prefixes");
        assertNotAllowed("http://cdn.shop.example/images/p1.jpg", "none of the allowed prefixes");
        assertNotAllowed("https://cdn.shop.example:8443/images/p1.jpg", "none of the allowed prefixes");
        assertNotAllowed("https://evil.example/images/p1.jpg", "none of the allowed prefixes");
        assertNotAllowed("https://cdn.shop.example.evil.example/images/p1.jpg", "none of the allowed prefixes");
        assertNotAllowed("https://user:pw@cdn.shop.example/images/p1.jpg", "user info");
        assertNotAllowed("https://cdn.shop.example/images/../admin/secret", "normal form");
        assertNotAllowed("https://cdn.shop.example/images/%2e%2e/admin", "encoded");
        assertNotAllowed("https://cdn.shop.example/images/a%2Fb", "encoded");
        assertNotAllowed("ftp://cdn.shop.example/images/p1.jpg", "only http, https and file");
        assertNotAllowed("jar:file:/data/images/x.jar!/a.png", "only http, https and file");
        assertNotAllowed("images/p1.jpg", "only http, https and file");
        assertNotAllowed("file:///etc/passwd", "none of the allowed directories");
        assertNotAllowed("file:///data/images/../../etc/passwd", "none of the allowed directories");
        assertNotAllowed("file:///data/images2/x.png", "none of the allowed directories");
        assertNotAllowed("file://remote-host/data/images/x.png", "no host");
        assertNotAllowed("https://cdn.shop.example/images/a b.png", "not a valid URI");
    }

    @Test
    void anEmptyListAllowsNothing() {
        assertThatThrownBy(() -> UriAllowList.none().check("https://cdn.shop.example/images/p1.jpg"))
                .isInstanceOf(ImageFetchException.class);
    }

    @Test
    void badEntriesAreRefusedWhenConfigured() {
        assertThatThrownBy(() -> UriAllowList.of(List.of("cdn.shop.example/images"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cdn.shop.example/images");
        assertThatThrownBy(() -> UriAllowList.of(List.of("file:///data/"), List.of()))
                .hasMessageContaining("by directory");
        assertThatThrownBy(() -> UriAllowList.of(List.of(), List.of(Path.of("relative"))))
                .hasMessageContaining("must be absolute");
    }

    private void assertNotAllowed(String uri, String why) {
        assertThatThrownBy(() -> allowList.check(uri))
                .isInstanceOf(ImageFetchException.class)
                .hasMessageContaining("NOT_ALLOWED")
                .hasMessageContaining(why);
    }
}
