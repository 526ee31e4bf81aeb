package dev.leakbench.engine.schema;

/**
 * Renders the AST back to schema text in one canonical form, so that {@code parse(print(s))}
 * equals {@code s}. Parentheses are added exactly where the precedence rule of {@link Schema}
 * needs them, and around any compound operand of {@code -} on its right for readability.
 */
final class SchemaPrinter {

    private SchemaPrinter() {}

    static String render(Schema schema) {
        StringBuilder out = new StringBuilder();
        for (TypeDefinition t : schema.types().values()) {
            appendType(out, t);
        }
        return out.toString();
    }

    static String render(TypeDefinition type) {
        StringBuilder out = new StringBuilder();
        appendType(out, type);
        return out.toString().stripTrailing();
    }

    static String render(RelationDefinition relation) {
        StringBuilder out = new StringBuilder();
        appendRelation(out, relation);
        return out.toString();
    }

    static String render(Rewrite rewrite) {
        StringBuilder out = new StringBuilder();
        appendRewrite(out, rewrite);
        return out.toString();
    }

    private static void appendType(StringBuilder out, TypeDefinition type) {
        out.append("type ").append(type.name());
        if (type.relations().isEmpty()) {
            out.append(" {}\n");
            return;
        }
        out.append(" {\n");
        for (RelationDefinition r : type.relations().values()) {
            out.append("  ");
            appendRelation(out, r);
            out.append('\n');
        }
        out.append("}\n");
    }

    private static void appendRelation(StringBuilder out, RelationDefinition r) {
        out.append("relation ").append(r.name());
        if (r.isRestricted()) {
            out.append(": ");
            for (int i = 0; i < r.allowedSubjects().size(); i++) {
                if (i > 0) {
                    out.append(" | ");
                }
                out.append(r.allowedSubjects().get(i));
            }
        }
        // a bare 'relation x' already means 'this'; print the shortest form
        if (!(r.rewrite() instanceof Rewrite.This)) {
            out.append(" = ");
            appendRewrite(out, r.rewrite());
        }
    }

    private static void appendRewrite(StringBuilder out, Rewrite r) {
        if (r instanceof Rewrite.Union u) {
            for (int i = 0; i < u.children().size(); i++) {
                if (i > 0) {
                    out.append(" | ");
                }
                // '-' binds looser than '|', so an exclusion inside a union needs parentheses
                appendOperand(out, u.children().get(i), u.children().get(i) instanceof Rewrite.Exclusion);
            }
        } else if (r instanceof Rewrite.Intersection n) {
            for (int i = 0; i < n.children().size(); i++) {
                if (i > 0) {
                    out.append(" & ");
                }
                Rewrite c = n.children().get(i);
                appendOperand(out, c, c instanceof Rewrite.Union || c instanceof Rewrite.Exclusion);
            }
        } else if (r instanceof Rewrite.Exclusion e) {
            // left-associative and loosest: the left side never needs parentheses
            appendRewrite(out, e.base());
            out.append(" - ");
            Rewrite s = e.subtracted();
            appendOperand(
                    out,
                    s,
                    s instanceof Rewrite.Union || s instanceof Rewrite.Intersection || s instanceof Rewrite.Exclusion);
        } else {
            out.append(r.toString());
        }
    }

    private static void appendOperand(StringBuilder out, Rewrite r, boolean parenthesize) {
        if (parenthesize) {
            out.append('(');
            appendRewrite(out, r);
            out.append(')');
        } else {
            appendRewrite(out, r);
        }
    }
}
