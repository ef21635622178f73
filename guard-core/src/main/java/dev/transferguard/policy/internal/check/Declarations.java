package dev.transferguard.policy.internal.check;

import dev.transferguard.policy.internal.syntax.Pos;
import dev.transferguard.policy.internal.syntax.Problems;
import dev.transferguard.policy.internal.syntax.Token;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import dev.transferguard.policy.internal.syntax.Ast.*;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The first pass of resolution: the vocabulary the files declare (categories, groups, bases, kinds,
 * transactions, purposes, obligations, attributes, the bundle default), each name declared once, groups
 * expanded to codes, and the lookups of names against it that the later passes report errors through.
 */
abstract class Declarations {

    final Problems problems;

    final Map<String, String> categoryParents = new LinkedHashMap<>();
    final Map<String, GroupDecl> groupDecls = new LinkedHashMap<>();
    final Map<String, Set<String>> groups = new LinkedHashMap<>();
    final Map<Term, Set<String>> terms = new HashMap<>();
    final Map<String, Model.Attribute> attributes = new LinkedHashMap<>();
    final Map<String, Model.Calendar> calendars = new LinkedHashMap<>();
    final Map<String, String> meanings = new LinkedHashMap<>();
    final Map<String, Pos> declaredAt = new HashMap<>();
    Boolean bundleDefault;
    String bundleDefaultSource = "no 'bundle default' declared";

    Declarations(Problems problems) {
        this.problems = problems;
        for (Term t : Term.values()) {
            terms.put(t, new LinkedHashSet<>());
        }
    }

    boolean firstDeclaration(String space, Name name) {
        Pos earlier = declaredAt.putIfAbsent(space + ":" + name.text(), name.pos());
        if (earlier != null) {
            problems.error(name.pos(), space + " '" + name.text() + "' is declared twice",
                    "first declared at " + earlier.fileLine());
            return false;
        }
        return true;
    }

    void declare(Decl d) {
        if (d instanceof CategoryDecl c) {
            {
                if (firstDeclaration("category", c.name())) {
                    String n = c.name().text();
                    int dot = n.lastIndexOf('.');
                    categoryParents.put(n, dot < 0 ? null : n.substring(0, dot));
                    meaning(n, c.meaning());
                }
            }
        } else if (d instanceof GroupDecl g) {
            {
                String n = g.name().text();
                if (n.length() == 2 && Jurisdictions.isKnown(n)) {
                    problems.error(g.name().pos(), "group name '" + n + "' is a jurisdiction code",
                            "give the group a longer name, e.g. '" + n + "_GROUP'");
                } else if (!n.equals(n.toUpperCase(java.util.Locale.ROOT))) {
                    problems.error(g.name().pos(), "group name '" + n + "' must be upper case",
                            "did you mean '" + n.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "'?");
                } else if (firstDeclaration("group", g.name())) {
                    groupDecls.put(n, g);
                    meaning(n, g.meaning());
                }
            }
        } else if (d instanceof TermDecl t) {
            {
                if (firstDeclaration(t.term().noun, t.name())) {
                    terms.get(t.term()).add(t.name().text());
                    meaning(t.name().text(), t.meaning());
                }
            }
        } else if (d instanceof AttributeDecl a) {
            {
                String n = a.name().text();
                if (!n.startsWith("entity.") || n.length() == "entity.".length()) {
                    problems.error(a.name().pos(), "attribute '" + n + "' must be named entity.<name>",
                            "attributes describe the exporting entity, e.g. entity.ciio");
                } else if (firstDeclaration("attribute", a.name())) {
                    Set<String> values = new LinkedHashSet<>();
                    for (Name v : a.values()) {
                        values.add(v.text());
                    }
                    attributes.put(n, new Model.Attribute(n, a.type(), Set.copyOf(values)));
                    meaning(n, a.meaning());
                }
            }
        } else if (d instanceof CalendarDecl c) {
            calendar(c);
        } else if (d instanceof BundleDefault b) {
            {
                if (bundleDefault != null) {
                    problems.error(b.pos(), "the bundle default is declared twice", "first declared at "
                            + bundleDefaultSource);
                } else {
                    bundleDefault = b.effect().text().equals("allow");
                    bundleDefaultSource = b.pos().fileLine();
                }
            }
        }
    }

    private void calendar(CalendarDecl c) {
        String code = c.jurisdiction().text();
        if (!Jurisdictions.isKnown(code)) {
            unknownJurisdiction(c.jurisdiction());
            return;
        }
        if (!firstDeclaration("calendar", c.jurisdiction())) {
            return;
        }
        LocalDate from = date(c.from());
        LocalDate to = date(c.to());
        if (to.isBefore(from)) {
            problems.error(c.to().pos(), "the calendar ends (" + to + ") before it starts (" + from + ")", null);
            return;
        }
        Set<LocalDate> nonWorking = calendarDays(c.nonWorking(), from, to, false);
        Set<LocalDate> working = calendarDays(c.working(), from, to, true);
        calendars.put(code, new Model.Calendar(code, from, to, Set.copyOf(nonWorking), Set.copyOf(working)));
        meaning("calendar " + code, c.meaning());
    }

    /** The days of one list, each inside the calendar and on the side of the week the list changes. */
    private Set<LocalDate> calendarDays(List<Token> days, LocalDate from, LocalDate to, boolean weekend) {
        Set<LocalDate> out = new LinkedHashSet<>();
        for (Token t : days) {
            LocalDate day = date(t);
            boolean isWeekend = day.getDayOfWeek().getValue() >= 6;
            if (day.isBefore(from) || day.isAfter(to)) {
                problems.error(t.pos(), day + " is outside the calendar (" + from + " to " + to + ")", null);
            } else if (isWeekend != weekend) {
                problems.error(t.pos(), day + " is a " + day.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT)
                        + (weekend ? ": 'working' lists weekend days that are worked"
                                : ": 'non-working' lists weekdays that are not worked"), null);
            } else if (!out.add(day)) {
                problems.error(t.pos(), day + " is listed twice", null);
            }
        }
        return out;
    }

    LocalDate date(Token t) {
        try {
            return LocalDate.parse(t.text());
        } catch (DateTimeParseException e) {
            problems.error(t.pos(), "'" + t.text() + "' is not a valid date (YYYY-MM-DD)", null);
            return LocalDate.EPOCH;
        }
    }

    void meaning(String name, String meaning) {
        if (meaning != null) {
            meanings.put(name, meaning);
        }
    }

    void checkCategoryParents() {
        for (Map.Entry<String, String> e : categoryParents.entrySet()) {
            String parent = e.getValue();
            if (parent != null && !categoryParents.containsKey(parent)) {
                Pos at = declaredAt.get("category:" + e.getKey());
                problems.error(at, "category '" + e.getKey() + "' has no declared parent '" + parent + "'",
                        "declare 'category " + parent + "' too: categories form a tree");
            }
        }
    }

    void expandGroups() {
        for (String name : groupDecls.keySet()) {
            expand(name, new LinkedHashSet<>());
        }
    }

    Set<String> expand(String name, LinkedHashSet<String> path) {
        Set<String> done = groups.get(name);
        if (done != null) {
            return done;
        }
        GroupDecl g = groupDecls.get(name);
        if (!path.add(name)) {
            problems.error(g.name().pos(), "group '" + name + "' includes itself: " + String.join(" -> ", path)
                    + " -> " + name, null);
            return Set.of();
        }
        Set<String> codes = new TreeSet<>();
        for (Name m : g.members()) {
            String t = m.text();
            if (Jurisdictions.isKnown(t)) {
                codes.add(t);
            } else if (groupDecls.containsKey(t)) {
                codes.addAll(expand(t, path));
            } else {
                unknownJurisdiction(m);
            }
        }
        path.remove(name);
        Set<String> result = Set.copyOf(codes);
        groups.put(name, result);
        return result;
    }

    /** Codes people write that ISO 3166-1 spells otherwise. */
    private static final Map<String, String> CODE_ALIASES = Map.of("UK", "GB", "EL", "GR");

    void unknownJurisdiction(Name m) {
        String text = m.text();
        if (text.length() != 2) {
            problems.unknown(m.pos(), "jurisdiction or group", text, groupDecls.keySet());
            return;
        }
        // Every two-letter string is one edit away from a dozen codes, so edit distance suggests noise here:
        // suggest only the same letters in upper case or the ISO spelling of a common alias.
        String upper = text.toUpperCase(java.util.Locale.ROOT);
        String hint;
        if (!upper.equals(text) && (Jurisdictions.isKnown(upper) || groupDecls.containsKey(upper))) {
            hint = "did you mean '" + upper + "'?";
        } else if (CODE_ALIASES.containsKey(upper)) {
            hint = "did you mean '" + CODE_ALIASES.get(upper) + "'? ISO 3166-1 has no '" + upper + "'";
        } else {
            hint = "jurisdictions are ISO 3166-1 alpha-2 codes such as CN, DE or US";
        }
        problems.error(m.pos(), "unknown jurisdiction or group '" + text + "'", hint);
    }

    boolean basis(Name b) {
        if (terms.get(Term.BASIS).contains(b.text())) {
            return true;
        }
        problems.unknown(b.pos(), "legal basis", b.text(), terms.get(Term.BASIS));
        return false;
    }

    Set<String> categories(List<Name> names) {
        Set<String> out = new LinkedHashSet<>();
        for (Name n : names) {
            if (categoryParents.containsKey(n.text())) {
                out.add(n.text());
            } else {
                problems.unknown(n.pos(), "category", n.text(), categoryParents.keySet());
            }
        }
        return Set.copyOf(out);
    }

    Set<String> jurisdictions(List<Name> names) {
        Set<String> out = new TreeSet<>();
        for (Name n : names) {
            String t = n.text();
            if (Jurisdictions.isKnown(t)) {
                out.add(t);
            } else if (groups.containsKey(t)) {
                out.addAll(groups.get(t));
            } else {
                unknownJurisdiction(n);
            }
        }
        return Set.copyOf(out);
    }
}
