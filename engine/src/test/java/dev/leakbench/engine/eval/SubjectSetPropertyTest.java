package dev.leakbench.engine.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.leakbench.engine.ExpandNode;
import dev.leakbench.engine.ExpandResult;
import dev.leakbench.engine.model.ObjectRef;
import dev.leakbench.engine.model.SubjectRef;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The wildcard-with-exceptions algebra behind expand, against the obvious model: a set is a
 * predicate over users. The universe is the users the leaves mention plus one they never mention,
 * which stands for "everyone else" and so is decided by wildcards alone.
 */
class SubjectSetPropertyTest {

    static final int NAMED = 4;
    static final SubjectRef STRANGER = SubjectRef.of("user", "stranger");
    static final SubjectRef GROUP = SubjectRef.of("group", "g0"); // another type, to keep types apart

    static SubjectRef user(int i) {
        return i == NAMED ? STRANGER : SubjectRef.of("user", "u" + i);
    }

    /** A random expression evaluated both ways; model[i] is membership of user(i), model[NAMED+1] of GROUP. */
    record Both(SubjectSet set, boolean[] model, String text) {}

    static Both generate(Random random, int depth) {
        if (depth == 0 || random.nextInt(10) < 3) {
            SubjectSet set = new SubjectSet();
            boolean[] model = new boolean[NAMED + 2];
            StringBuilder text = new StringBuilder("{");
            if (random.nextInt(3) == 0) {
                set.add(SubjectRef.wildcard("user"));
                for (int i = 0; i <= NAMED; i++) {
                    model[i] = true;
                }
                text.append("user:* ");
            }
            for (int i = 0; i < NAMED; i++) {
                if (random.nextInt(3) == 0) {
                    set.add(user(i));
                    model[i] = true;
                    text.append(user(i)).append(' ');
                }
            }
            if (random.nextInt(4) == 0) {
                set.add(GROUP);
                model[NAMED + 1] = true;
                text.append(GROUP);
            }
            return new Both(set, model, text.append('}').toString());
        }
        Both a = generate(random, depth - 1);
        Both b = generate(random, depth - 1);
        boolean[] model = new boolean[NAMED + 2];
        switch (random.nextInt(3)) {
            case 0 -> {
                SubjectSet union = new SubjectSet();
                union.addAll(a.set());
                union.addAll(b.set());
                for (int i = 0; i < model.length; i++) {
                    model[i] = a.model()[i] || b.model()[i];
                }
                return new Both(union, model, "(" + a.text() + " | " + b.text() + ")");
            }
            case 1 -> {
                for (int i = 0; i < model.length; i++) {
                    model[i] = a.model()[i] && b.model()[i];
                }
                return new Both(
                        SubjectSet.intersection(a.set(), b.set()), model, "(" + a.text() + " & " + b.text() + ")");
            }
            default -> {
                for (int i = 0; i < model.length; i++) {
                    model[i] = a.model()[i] && !b.model()[i];
                }
                return new Both(
                        SubjectSet.difference(a.set(), b.set()), model, "(" + a.text() + " - " + b.text() + ")");
            }
        }
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Property(tries = 2000)
    void algebraMatchesThePredicateModel(@ForAll("seeds") long seed) {
        Both both = generate(new Random(seed), 4);
        // membership as ExpandResult reports it, built the way Evaluator builds it
        ExpandResult result = new ExpandResult(
                new ExpandNode.Leaf(ObjectRef.of("t", "x"), "r", List.of()),
                both.set().terminalSubjects(),
                false,
                0,
                both.set().wildcardExceptions());
        for (int i = 0; i <= NAMED; i++) {
            assertEquals(both.model()[i], both.set().contains(user(i)), both.text() + " contains " + user(i));
            assertEquals(both.model()[i], result.includes(user(i)), both.text() + " includes " + user(i));
        }
        assertEquals(both.model()[NAMED + 1], result.includes(GROUP), both.text() + " includes " + GROUP);
        assertEquals(
                both.model()[NAMED],
                result.subjects().contains(SubjectRef.wildcard("user")),
                both.text() + ": a wildcard is listed exactly when strangers are members");
    }
}
