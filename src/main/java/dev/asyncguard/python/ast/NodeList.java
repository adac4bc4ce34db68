package dev.asyncguard.python.ast;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * A list the AST builder fills and then hands to the node that keeps it: the node freezes it
 * ({@link #immutable}) instead of copying it. {@code List.copyOf} in every record's constructor
 * made an array and a list more per node list (about 5 % of building the AST over CPython's
 * library). Once frozen, changing it throws, as the copy's would.
 */
public final class NodeList<E> extends AbstractList<E> implements RandomAccess {
    private Object[] items;
    private int size;
    private boolean frozen;

    public NodeList() {
        items = new Object[4];
    }

    public NodeList(int capacity) {
        items = new Object[Math.max(capacity, 1)];
    }

    /** A node's list: this one frozen if the builder made it, else an immutable copy; no null elements. */
    static <E> List<E> immutable(List<E> list) {
        if (!(list instanceof NodeList<E> n)) return List.copyOf(list);
        for (int i = 0; i < n.size; i++) Objects.requireNonNull(n.items[i]);
        return n.frozen();
    }

    /** As {@link #immutable}, for the lists whose elements may be null (dict keys, kw-only defaults). */
    static <E> List<E> immutableWithNulls(List<E> list) {
        if (!(list instanceof NodeList<E> n)) return Collections.unmodifiableList(new java.util.ArrayList<>(list));
        return n.frozen();
    }

    @SuppressWarnings("unchecked")
    private List<E> frozen() {
        frozen = true;
        // Small lists as the JDK's own immutable ones: smaller than this one with its array.
        if (size == 0) return List.of();
        if (size == 1 && items[0] != null) return List.of((E) items[0]);
        if (size == 2 && items[0] != null && items[1] != null) return List.of((E) items[0], (E) items[1]);
        return this;
    }

    private void change() {
        if (frozen) throw new UnsupportedOperationException("a node's list is immutable");
        modCount++;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int index) {
        Objects.checkIndex(index, size);
        return (E) items[index];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean add(E e) {
        change();
        if (size == items.length) items = Arrays.copyOf(items, size * 2);
        items[size++] = e;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E set(int index, E e) {
        Objects.checkIndex(index, size);
        change();
        E old = (E) items[index];
        items[index] = e;
        return old;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E remove(int index) {
        Objects.checkIndex(index, size);
        change();
        E old = (E) items[index];
        System.arraycopy(items, index + 1, items, index, size - index - 1);
        items[--size] = null;
        return old;
    }

    @Override
    public void clear() {
        change();
        Arrays.fill(items, 0, size, null);
        size = 0;
    }
}
