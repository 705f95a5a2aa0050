package app.lettrage.bankformats;

import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/** A tiny in-memory element tree for one small XML subtree (a camt entry, a balance, ...). Namespaces are ignored. */
final class XmlNode {
    final String name;
    final int line;
    String text;
    String ccy;
    List<XmlNode> children;

    XmlNode(String name, int line) {
        this.name = name;
        this.line = line;
    }

    /** Reads the element the reader is positioned on (START_ELEMENT) up to and including its END_ELEMENT. */
    static XmlNode read(XMLStreamReader r) throws XMLStreamException {
        XmlNode node = new XmlNode(r.getLocalName(), r.getLocation().getLineNumber());
        int ac = r.getAttributeCount();
        for (int i = 0; i < ac; i++) {
            if ("Ccy".equals(r.getAttributeLocalName(i))) {
                node.ccy = r.getAttributeValue(i);
            }
        }
        StringBuilder sb = null;
        String single = null;
        while (true) {
            int ev = r.next();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    if (node.children == null) {
                        node.children = new ArrayList<>(4);
                    }
                    node.children.add(read(r));
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (node.children == null) {
                        String t = r.getText();
                        if (single == null) {
                            single = t;
                        } else {
                            if (sb == null) {
                                sb = new StringBuilder(single);
                            }
                            sb.append(t);
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (node.children == null) {
                        String t = sb != null ? sb.toString() : single;
                        if (t != null) {
                            t = t.strip();
                            node.text = t.isEmpty() ? null : t;
                        }
                    }
                    return node;
                }
                default -> {}
            }
        }
    }

    XmlNode child(String n) {
        if (children != null) {
            for (XmlNode c : children) {
                if (c.name.equals(n)) {
                    return c;
                }
            }
        }
        return null;
    }

    List<XmlNode> all(String n) {
        List<XmlNode> out = new ArrayList<>(2);
        if (children != null) {
            for (XmlNode c : children) {
                if (c.name.equals(n)) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    XmlNode path(String... names) {
        XmlNode cur = this;
        for (String n : names) {
            cur = cur.child(n);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    String text(String... names) {
        XmlNode n = path(names);
        return n == null ? null : n.text;
    }
}
