package org.vistruct.gb28181.device;

import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * MANSCDP XML bodies: decoding whatever charset the device really used, parsing safely (no DTDs,
 * no external entities), and writing the platform's queries.
 */
public final class Manscdp {
    public static final String CONTENT_TYPE = "Application/MANSCDP+xml";
    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final ThreadLocal<DocumentBuilder> builders = ThreadLocal.withInitial(Manscdp::newBuilder);

    /** A parsed body: its root (Query, Notify, Response, Control) and the document. */
    public record Body(String root, Element element) {
        public String text(String child) {
            NodeList n = element.getElementsByTagName(child);
            return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
        }

        public List<Element> items(String listTag) {
            List<Element> out = new ArrayList<>();
            NodeList lists = element.getElementsByTagName(listTag);
            if (lists.getLength() == 0) return out;
            for (Node c = lists.item(0).getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element e && e.getTagName().equals("Item")) out.add(e);
            }
            return out;
        }
    }

    private Manscdp() {}

    /**
     * Devices send GB2312/GBK whatever they declare. "auto": bytes that are valid UTF-8 and not
     * plain ASCII are UTF-8 (GB2312 text almost never is), everything else is GB18030; "utf-8"
     * and "gb18030" force one (the per-device override).
     */
    public static String decode(byte[] body, String charset) {
        String c = charset == null ? "auto" : charset.toLowerCase();
        if (c.equals("utf-8") || c.equals("utf8")) return new String(body, StandardCharsets.UTF_8);
        if (c.equals("gb18030") || c.equals("gbk") || c.equals("gb2312")) return new String(body, GB18030);
        boolean ascii = true;
        for (byte b : body) if (b < 0) { ascii = false; break; }
        if (ascii) return new String(body, StandardCharsets.US_ASCII);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(body, GB18030);
        }
    }

    public static Body parse(byte[] body, String charset) throws Exception {
        String xml = decode(body, charset).trim();
        // the declared encoding no longer applies to the decoded text
        if (xml.startsWith("<?xml")) {
            int end = xml.indexOf("?>");
            if (end > 0) xml = xml.substring(end + 2);
        }
        DocumentBuilder b = builders.get();
        b.reset();
        Document doc = b.parse(new InputSource(new StringReader(xml)));
        Element root = doc.getDocumentElement();
        return new Body(root.getTagName(), root);
    }

    public static byte[] query(String cmdType, long sn, String deviceId) {
        String xml = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Query>\r\n<CmdType>" + cmdType + "</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n</Query>\r\n";
        return xml.getBytes(GB18030);
    }

    private static DocumentBuilder newBuilder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
