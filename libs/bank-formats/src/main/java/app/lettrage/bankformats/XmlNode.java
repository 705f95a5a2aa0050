package app.lettrage.bankformats;

import java.util.ArrayDeque;
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
    private StringBuilder pending;

    XmlNode(String name, int line) {
        this.name = name;
        this.line = line;
    }

    /**
     * Reads the element the reader is positioned on (START_ELEMENT) up to and including its END_ELEMENT. Iterative,
     * with an explicit stack: an untrusted file decides the depth, so recursion would end in StackOverflowError. Depth,
     * element count and text length are bounded by {@link Limits#DEFAULT}.
     */
    static XmlNode read(XMLStreamReader r) throws XMLStreamException, StatementParseException {
        return read(r, Limits.DEFAULT);
    }

    static XmlNode read(XMLStreamReader r, Limits limits) throws XMLStreamException, StatementParseException {
        XmlNode root = start(r);
        ArrayDeque<XmlNode> open = new ArrayDeque<>();
        open.push(root);
        int elements = 1;
        while (true) {
            int ev = r.next();
            XmlNode node = open.peek();
            switch (ev) {
                case XMLStreamConstants.START_ELEMENT -> {
                    int line = r.getLocation().getLineNumber();
                    if (open.size() >= limits.maxDepth()) {
                        throw Limits.exceeded(line, root.name, "XML nesting depth", limits.maxDepth());
                    }
                    if (++elements > limits.maxSubtreeElements()) {
                        throw Limits.exceeded(line, root.name, "number of XML elements", limits.maxSubtreeElements());
                    }
                    if (node.children == null) {
                        node.children = new ArrayList<>(4);
                    }
                    XmlNode child = start(r);
                    node.children.add(child);
                    open.push(child);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (node.children == null) {
                        if (node.pending == null) {
                            node.pending = new StringBuilder();
                        }
                        node.pending.append(r.getText());
                        if (node.pending.length() > limits.maxFieldLength()) {
                            throw Limits.exceeded(
                                    r.getLocation().getLineNumber(), node.name, "text length", limits.maxFieldLength());
                        }
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    if (node.children == null && node.pending != null) {
                        String t = node.pending.toString().strip();
                        node.text = t.isEmpty() ? null : t;
                    }
                    node.pending = null;
                    open.pop();
                    if (open.isEmpty()) {
                        return root;
                    }
                }
                case XMLStreamConstants.END_DOCUMENT -> throw new XMLStreamException("unexpected end of document");
                default -> {}
            }
        }
    }

    private static XmlNode start(XMLStreamReader r) {
        XmlNode node = new XmlNode(r.getLocalName(), r.getLocation().getLineNumber());
        int ac = r.getAttributeCount();
        for (int i = 0; i < ac; i++) {
            if ("Ccy".equals(r.getAttributeLocalName(i))) {
                node.ccy = r.getAttributeValue(i);
            }
        }
        return node;
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
