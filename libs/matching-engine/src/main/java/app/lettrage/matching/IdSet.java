package app.lettrage.matching;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A small sorted set of ids backed by an array: the postings of the book's indexes, most of which hold one or a few
 * ids. Iteration is in id order, so results never depend on hash order.
 */
final class IdSet implements Iterable<String> {
    private String[] ids = new String[1];
    private int size;

    boolean add(String id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        if (size == ids.length) {
            ids = Arrays.copyOf(ids, Math.max(2, size * 2));
        }
        System.arraycopy(ids, at, ids, at + 1, size - at);
        ids[at] = id;
        size++;
        return true;
    }

    boolean remove(String id) {
        int i = Arrays.binarySearch(ids, 0, size, id);
        if (i < 0) {
            return false;
        }
        System.arraycopy(ids, i + 1, ids, i, size - i - 1);
        ids[--size] = null;
        return true;
    }

    boolean contains(String id) {
        return Arrays.binarySearch(ids, 0, size, id) >= 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    String first() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return ids[0];
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            public String next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                return ids[i++];
            }
        };
    }
}
