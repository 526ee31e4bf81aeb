package dev.leakbench.engine.eval;

import dev.leakbench.engine.model.SubjectRef;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * A set of terminal subjects that can hold "every {@code user} except these": plain objects, plus per
 * type a wildcard with its exceptions. Expand needs the exceptions because {@code viewer - banned}
 * with {@code viewer@user:*} and {@code banned@user:bob} is all users but bob, which a plain set
 * cannot say; without them expand would disagree with check.
 *
 * <p>Invariant: no plain object has a type that has a wildcard (the wildcard covers it), and the
 * exceptions of a type are plain objects of that type. Membership of a plain object {@code u} of type
 * {@code t}: {@code u} is in {@code objects}, or {@code t} has a wildcard that does not except {@code u}.
 */
final class SubjectSet {

    private final Set<SubjectRef> objects = new HashSet<>();
    private final Map<String, Set<SubjectRef>> wildcards = new HashMap<>();

    /** Adds a plain object or a wildcard (union with a single subject). */
    void add(SubjectRef s) {
        if (s.isWildcard()) {
            // a fresh wildcard excepts no one: whatever exceptions an earlier one had are now members
            wildcards.put(s.type(), new HashSet<>());
            objects.removeIf(o -> o.type().equals(s.type()));
            return;
        }
        Set<SubjectRef> except = wildcards.get(s.type());
        if (except != null) {
            except.remove(s);
        } else {
            objects.add(s);
        }
    }

    /** This set becomes {@code this ∪ other}. */
    void addAll(SubjectSet other) {
        for (SubjectRef o : other.objects) {
            add(o);
        }
        for (Map.Entry<String, Set<SubjectRef>> w : other.wildcards.entrySet()) {
            String type = w.getKey();
            Set<SubjectRef> mine = wildcards.get(type);
            if (mine != null) {
                // excepted from the union only if excepted from both
                mine.retainAll(w.getValue());
            } else {
                Set<SubjectRef> except = new HashSet<>(w.getValue());
                for (Iterator<SubjectRef> it = objects.iterator(); it.hasNext(); ) {
                    SubjectRef o = it.next();
                    if (o.type().equals(type)) {
                        except.remove(o);
                        it.remove();
                    }
                }
                wildcards.put(type, except);
            }
        }
    }

    /** Membership of a plain object (not a wildcard, not a userset). */
    boolean contains(SubjectRef object) {
        if (objects.contains(object)) {
            return true;
        }
        Set<SubjectRef> except = wildcards.get(object.type());
        return except != null && !except.contains(object);
    }

    /** {@code a ∩ b}. */
    static SubjectSet intersection(SubjectSet a, SubjectSet b) {
        SubjectSet out = new SubjectSet();
        for (SubjectRef o : a.objects) {
            if (b.contains(o)) {
                out.objects.add(o);
            }
        }
        for (SubjectRef o : b.objects) {
            if (a.contains(o)) {
                out.objects.add(o);
            }
        }
        for (Map.Entry<String, Set<SubjectRef>> w : a.wildcards.entrySet()) {
            Set<SubjectRef> other = b.wildcards.get(w.getKey());
            if (other != null) {
                Set<SubjectRef> except = new HashSet<>(w.getValue());
                except.addAll(other);
                out.wildcards.put(w.getKey(), except);
            }
        }
        return out;
    }

    /** {@code a − b}. */
    static SubjectSet difference(SubjectSet a, SubjectSet b) {
        SubjectSet out = new SubjectSet();
        for (SubjectRef o : a.objects) {
            if (!b.contains(o)) {
                out.objects.add(o);
            }
        }
        for (Map.Entry<String, Set<SubjectRef>> w : a.wildcards.entrySet()) {
            String type = w.getKey();
            Set<SubjectRef> bExcept = b.wildcards.get(type);
            if (bExcept != null) {
                // (all but A's exceptions) minus (all but B's exceptions) = B's exceptions that A has
                for (SubjectRef o : bExcept) {
                    if (!w.getValue().contains(o)) {
                        out.objects.add(o);
                    }
                }
            } else {
                Set<SubjectRef> except = new HashSet<>(w.getValue());
                for (SubjectRef o : b.objects) {
                    if (o.type().equals(type)) {
                        except.add(o);
                    }
                }
                out.wildcards.put(type, except);
            }
        }
        return out;
    }

    int size() {
        return objects.size() + wildcards.size();
    }

    /** The plain objects and one {@code type:*} per wildcard. */
    Set<SubjectRef> terminalSubjects() {
        Set<SubjectRef> out = new HashSet<>(objects);
        for (String type : wildcards.keySet()) {
            out.add(SubjectRef.wildcard(type));
        }
        return out;
    }

    /** {@code type:*} to its exceptions, for wildcards that have any. */
    Map<SubjectRef, Set<SubjectRef>> wildcardExceptions() {
        Map<SubjectRef, Set<SubjectRef>> out = new HashMap<>();
        for (Map.Entry<String, Set<SubjectRef>> w : wildcards.entrySet()) {
            if (!w.getValue().isEmpty()) {
                out.put(SubjectRef.wildcard(w.getKey()), w.getValue());
            }
        }
        return out;
    }
}
