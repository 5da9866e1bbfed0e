package org.vmsnap.api.vss;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * VSS list parameters over the rendered objects: {@code filter=field,op,value[;...]} (eq ne lt le gt ge like in),
 * {@code sort=field,asc|desc}, {@code page}, {@code per_page} (default 10, at most 100), {@code expand=1} (objects
 * instead of their URLs). Unknown fields and malformed values answer 400.
 */
final class VssList {
    static final int MAX_PER_PAGE = 100;

    private VssList() {}

    /** One page of {@code items} with {@code meta.pages}; each item has {@code _links.self}. */
    static ObjectNode page(HttpServletRequest req, List<ObjectNode> items, boolean expandByDefault) {
        List<ObjectNode> selected = new ArrayList<>(items);
        String filter = req.getParameter("filter");
        if (filter != null && !filter.isBlank()) {
            for (String clause : filter.split(";")) {
                selected.removeIf(filter(clause, items).negate());
            }
        }
        String sort = req.getParameter("sort");
        if (sort != null && !sort.isBlank()) {
            selected.sort(order(sort, items));
        }
        int perPage = Math.min(number(req, "per_page", 10), MAX_PER_PAGE);
        int page = number(req, "page", 1);
        int total = selected.size();
        int pages = Math.max(1, (total + perPage - 1) / perPage);
        boolean expand = flag(req.getParameter("expand"), expandByDefault);
        ArrayNode data = VssResponses.JSON.createArrayNode();
        selected.stream()
                .skip((long) (page - 1) * perPage)
                .limit(perPage)
                .forEach(item -> data.add(expand ? item : item.path("_links").path("self")));
        ObjectNode out = VssResponses.JSON.createObjectNode();
        out.set("data", data);
        ObjectNode meta = VssResponses.meta(req);
        meta.put("count", data.size());
        ObjectNode p = meta.putObject("pages");
        p.put("first_url", url(req, perPage, 1));
        p.put("last_url", url(req, perPage, pages));
        p.put("next_url", page < pages ? url(req, perPage, page + 1) : null);
        p.put("prev_url", page > 1 ? url(req, perPage, Math.min(page - 1, pages)) : null);
        p.put("page", page);
        p.put("pages", pages);
        p.put("per_page", perPage);
        p.put("total", total);
        out.set("meta", meta);
        return out;
    }

    private static String url(HttpServletRequest req, int perPage, int page) {
        UriComponentsBuilder b = UriComponentsBuilder.fromUriString(VssResponses.self(req));
        req.getParameterMap().forEach((k, v) -> {
            if (!k.equals("page") && !k.equals("per_page")) {
                b.queryParam(k, (Object[]) v);
            }
        });
        return b.queryParam("per_page", perPage)
                .queryParam("page", page)
                .encode()
                .build()
                .toUriString();
    }

    private static int number(HttpServletRequest req, String name, int fallback) {
        String v = req.getParameter(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        if (!v.strip().matches("[0-9]{1,9}") || Integer.parseInt(v.strip()) < 1) {
            throw new VssBadRequest(name + " must be a positive integer");
        }
        return Integer.parseInt(v.strip());
    }

    private static boolean flag(String v, boolean fallback) {
        if (v == null || v.isBlank()) {
            return fallback;
        }
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes" -> true;
            case "0", "false", "no" -> false;
            default -> throw new VssBadRequest("expand must be 1 or 0");
        };
    }

    private static Predicate<ObjectNode> filter(String clause, List<ObjectNode> items) {
        String[] parts = clause.split(",", 3);
        if (parts.length != 3) {
            throw new VssBadRequest("filter must be field,op,value");
        }
        String field = field(parts[0].strip(), items);
        String op = parts[1].strip().toLowerCase(Locale.ROOT);
        String value = parts[2];
        return switch (op) {
            case "eq" -> n -> compare(n.path(field), value) == 0;
            case "ne" -> n -> compare(n.path(field), value) != 0;
            case "lt" -> n -> compare(n.path(field), value) < 0;
            case "le" -> n -> compare(n.path(field), value) <= 0;
            case "gt" -> n -> compare(n.path(field), value) > 0;
            case "ge" -> n -> compare(n.path(field), value) >= 0;
            case "like" -> {
                Like like = Like.of(value);
                yield n -> like.matches(text(n.path(field)));
            }
            case "in" -> {
                List<String> values =
                        Arrays.stream(value.split(",")).map(String::strip).toList();
                yield n -> values.stream().anyMatch(v -> compare(n.path(field), v) == 0);
            }
            default -> throw new VssBadRequest("filter operator must be one of eq, ne, lt, le, gt, ge, like, in");
        };
    }

    private static Comparator<ObjectNode> order(String sort, List<ObjectNode> items) {
        String[] parts = sort.split(",", -1);
        if (parts.length > 2) {
            throw new VssBadRequest("sort must be field,asc or field,desc");
        }
        String field = field(parts[0].strip(), items);
        String direction = parts.length == 2 ? parts[1].strip().toLowerCase(Locale.ROOT) : "asc";
        Comparator<ObjectNode> asc = (a, b) -> compareNodes(a.path(field), b.path(field));
        return switch (direction) {
            case "asc" -> asc;
            case "desc" -> asc.reversed();
            default -> throw new VssBadRequest("sort direction must be asc or desc");
        };
    }

    /** A top-level scalar field the objects have; the request object's fields are known even when the list is empty. */
    private static String field(String name, List<ObjectNode> items) {
        boolean known = items.isEmpty()
                ? name.matches("[a-z_]{1,40}")
                : items.get(0).has(name) && !items.get(0).get(name).isContainerNode();
        if (!known) {
            throw new VssBadRequest("unknown field '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'");
        }
        return name;
    }

    private static int compare(JsonNode node, String value) {
        if (node.isNumber()) {
            try {
                return node.decimalValue().compareTo(new BigDecimal(value.strip()));
            } catch (NumberFormatException e) {
                return text(node).compareTo(value);
            }
        }
        if (node.isBoolean()) {
            return Boolean.compare(node.booleanValue(), Boolean.parseBoolean(value.strip()));
        }
        return text(node).compareToIgnoreCase(value);
    }

    private static int compareNodes(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.isNull() || b.isNull()) {
            return Boolean.compare(!a.isNull(), !b.isNull());
        }
        return text(a).compareTo(text(b));
    }

    private static String text(JsonNode n) {
        return n.isNull() || n.isMissingNode() ? "" : n.asText();
    }
}
