package app.lettrage.matching;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A small sorted set backed by an array: the postings of the book's indexes (invoices sorted by id, counterparty keys),
 * most of which hold one or a few entries. Iteration is in natural order, so results never depend on hash order; the
 * postings hold the invoices themselves, so a look-up needs no second map access per invoice.
 */
final class IdSet<T extends Comparable<? super T>> implements Iterable<T> {
    private Object[] items = new Object[1];
    private int size;

    boolean add(T item) {
        int i = Arrays.binarySearch(items, 0, size, item);
        if (i >= 0) {
            return false;
        }
        int at = -i - 1;
        if (size == items.length) {
            items = Arrays.copyOf(items, Math.max(2, size * 2));
        }
        System.arraycopy(items, at, items, at + 1, size - at);
        items[at] = item;
        size++;
        return true;
    }

    boolean remove(T item) {
        int i = Arrays.binarySearch(items, 0, size, item);
        if (i < 0) {
            return false;
        }
        System.arraycopy(items, i + 1, items, i, size - i - 1);
        items[--size] = null;
        return true;
    }

    boolean contains(T item) {
        return Arrays.binarySearch(items, 0, size, item) >= 0;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    T first() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        return (T) items[0];
    }

    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < size;
            }

            @Override
            @SuppressWarnings("unchecked")
            public T next() {
                if (i >= size) {
                    throw new NoSuchElementException();
                }
                return (T) items[i++];
            }
        };
    }
}
