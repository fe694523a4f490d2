package io.cirstream.core.modelstore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** Reads the XML bodies S3 answers with (object listings, errors), with DTDs and external entities refused. */
final class S3Responses {

    private static final int MAX_ERROR_TEXT = 300;

    /** One page of a ListObjectsV2 answer. */
    record ListPage(List<String> keys, Optional<String> nextContinuationToken) {}

    private S3Responses() {}

    static ListPage listPage(byte[] xml) {
        Document document = parse(xml);
        List<String> keys = new ArrayList<>();
        NodeList contents = document.getElementsByTagName("Contents");
        for (int i = 0; i < contents.getLength(); i++) {
            keys.add(text((Element) contents.item(i), "Key")
                    .orElseThrow(() -> new ModelStoreException("an S3 listing has an entry without a Key")));
        }
        boolean truncated = text(document.getDocumentElement(), "IsTruncated")
                .map(Boolean::parseBoolean)
                .orElse(false);
        Optional<String> next =
                truncated ? text(document.getDocumentElement(), "NextContinuationToken") : Optional.empty();
        if (truncated && next.isEmpty()) {
            throw new ModelStoreException("an S3 listing is truncated but has no NextContinuationToken");
        }
        return new ListPage(keys, next);
    }

    /** "Code: Message" from an S3 error body, or the start of the body when it is not one. */
    static String error(byte[] body) {
        try {
            Element root = parse(body).getDocumentElement();
            String code = text(root, "Code").orElse("?");
            String message = text(root, "Message").orElse("");
            return shorten(code + ": " + message);
        } catch (ModelStoreException e) {
            return shorten(new String(body, StandardCharsets.UTF_8));
        }
    }

    private static String shorten(String text) {
        return text.length() <= MAX_ERROR_TEXT ? text : text.substring(0, MAX_ERROR_TEXT) + "...";
    }

    private static Optional<String> text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0
                ? Optional.empty()
                : Optional.of(nodes.item(0).getTextContent());
    }

    private static Document parse(byte[] xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setNamespaceAware(false);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new ModelStoreException("S3 answered with XML that does not parse: " + e.getMessage(), e);
        }
    }
}
