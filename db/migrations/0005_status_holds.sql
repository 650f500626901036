-- Data migration to the status model (src/content/docs/status-model.md); no schema change.
-- Before: component.status was one global value that every incident and person overwrote.
-- After: open incidents hold their components; component.status is a person's manual hold.
-- 1. An open incident whose component a person changed by hand afterwards no longer held it:
--    release that hold with a team-only update (no public message) at the time of the change.
CREATE TEMP TABLE _released AS
SELECT lower(hex(randomblob(6))) AS update_id, l.incident_id, l.component_id, l.status, l.manual_at AS at
FROM (
  SELECT ic.incident_id, ic.component_id, i.status,
    (SELECT min(m.at) FROM component_status_change m
      WHERE m.component_id = ic.component_id AND m.incident_id IS NULL
        AND m.at > (SELECT max(u.created_at) FROM incident_update u
          WHERE u.incident_id = ic.incident_id AND u.retracted_at IS NULL
            AND EXISTS (SELECT 1 FROM json_each(u.component_changes) j WHERE json_extract(j.value, '$.id') = ic.component_id))) AS manual_at
  FROM incident_component ic
  INNER JOIN incident i ON i.id = ic.incident_id
  WHERE i.kind = 'incident' AND i.resolved_at IS NULL AND i.draft = 0 AND ic.status <> 'operational'
) l
WHERE l.manual_at IS NOT NULL;--> statement-breakpoint
INSERT INTO incident_update (id, incident_id, kind, status, component_changes, notify, revision, display_at, created_at, updated_at)
SELECT update_id, incident_id, 'update', status, json_array(json_object('id', component_id, 'status', 'operational')), 0, 1, at, at, at
FROM _released;--> statement-breakpoint
INSERT INTO message (id, update_id, kind, body, created_at)
SELECT lower(hex(randomblob(6))), update_id, 'internal',
  'Status model upgrade: a person set this component''s status by hand after this incident set it, so the incident no longer holds it.', at
FROM _released;--> statement-breakpoint
UPDATE incident_component SET status = 'operational'
WHERE EXISTS (SELECT 1 FROM _released r WHERE r.incident_id = incident_component.incident_id AND r.component_id = incident_component.component_id);--> statement-breakpoint
DROP TABLE _released;--> statement-breakpoint
-- 2. A status set by hand used to last until the component's next change of any kind; an
--    incident's change ended it. Record that end as a manual change, so history keeps its meaning.
INSERT INTO component_status_change (id, component_id, status, previous_status, incident_id, at)
SELECT lower(hex(randomblob(6))), c.component_id, 'operational', c.status, NULL, min(n.at)
FROM component_status_change c
INNER JOIN component_status_change n ON n.component_id = c.component_id
  AND n.at = (SELECT min(x.at) FROM component_status_change x WHERE x.component_id = c.component_id AND x.at > c.at)
WHERE c.incident_id IS NULL AND c.status <> 'operational' AND n.incident_id IS NOT NULL
GROUP BY c.id;--> statement-breakpoint
-- 3. component.status becomes the manual hold: the last status a person set, else operational.
UPDATE component SET status = coalesce(
  (SELECT x.status FROM component_status_change x WHERE x.component_id = component.id AND x.incident_id IS NULL ORDER BY x.at DESC, x.rowid DESC LIMIT 1),
  'operational');
