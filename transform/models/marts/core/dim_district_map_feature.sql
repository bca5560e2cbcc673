{#- Map-ready district shapes: each district's OCHA boundary simplified once here, at build
    time, so a dashboard sends a small FeatureCollection instead of parsing and winding about
    a megabyte of full-detail GeoJSON on every request.

    Simplification is Douglas-Peucker with a tolerance of 0.001 degrees (about 100 m, under a
    pixel even with one district filling the map). Kept vertices are always original OCHA
    vertices. Borders stay shared: the vertices where a shared border starts or ends, and those
    where any ring starts, are never dropped, so the border between two of them is simplified
    on its own, the same way for both districts on it (distances are measured from its ends
    in a fixed order, ties broken by position), and no gap or overlap opens between
    neighbours. A ring that would keep fewer than four positions keeps all of its own.
    Rings are then wound the way Plotly's map engine (d3-geo) reads them: outer rings
    clockwise, holes counter-clockwise. -#}
{%- set tolerance_degrees = 0.001 -%}

with recursive

boundaries as (

    select * from {{ ref('dim_district_boundary') }}

),

-- A Polygon is a MultiPolygon of one polygon, so both types take one path.
polygons as (

    select
        district_pcode,
        district_name,
        geometry_type,
        case geometry_type
            when 'Polygon'
                then [(geometry_geojson::json -> '$.coordinates')::double[][][]]
            else (geometry_geojson::json -> '$.coordinates')::double[][][][]
        end as polygons
    from boundaries

),

rings as (

    select
        polygons.district_pcode,
        polygon_rings.polygon_no,
        ring.ring_no,
        ring.ring
    from polygons
    cross join unnest(polygons.polygons) with ordinality as polygon_rings (rings, polygon_no)
    cross join unnest(polygon_rings.rings) with ordinality as ring (ring, ring_no)

),

points as (

    select
        rings.district_pcode,
        rings.polygon_no,
        rings.ring_no,
        vertex.point_no,
        len(rings.ring) as ring_points,
        vertex.xy[1] as x,
        vertex.xy[2] as y
    from rings
    cross join unnest(rings.ring) with ordinality as vertex (xy, point_no)

),

-- Which districts have a vertex at each position: on a shared border, both.
owners as (

    select
        x,
        y,
        string_agg(distinct district_pcode, ',' order by district_pcode) as owned_by,
        count(distinct district_pcode) as owners
    from points
    group by x, y

),

ring_starts as (

    select distinct
        x,
        y
    from points
    where point_no = 1

),

with_owners as (

    select
        points.*,
        owners.owned_by,
        owners.owners,
        ring_starts.x is not null as starts_a_ring
    from points
    inner join owners
        on points.x = owners.x and points.y = owners.y
    left join ring_starts
        on points.x = ring_starts.x and points.y = ring_starts.y

),

nodes as (

    select
        district_pcode,
        polygon_no,
        ring_no,
        point_no,
        point_no = 1
        or point_no = ring_points
        or starts_a_ring
        or (
            owners > 1
            and (
                owned_by is distinct from lag(owned_by) over ring_order
                or owned_by is distinct from lead(owned_by) over ring_order
            )
        ) as is_node,
        x,
        y
    from with_owners
    window ring_order as (partition by district_pcode, polygon_no, ring_no order by point_no)

),

-- The stretches of ring between consecutive nodes, each named by the node it starts at; a
-- node ends one stretch and starts the next, so it is in both.
stretches as (

    select
        district_pcode,
        polygon_no,
        ring_no,
        stretch.segment_start,
        point_no,
        x,
        y
    from (
        select
            *,
            max(case when is_node then point_no end) over (
                partition by district_pcode, polygon_no, ring_no
                order by point_no
                rows between unbounded preceding and 1 preceding
            ) as previous_node
        from nodes
    ) as after_nodes
    cross join unnest(
        case
            when is_node and previous_node is not null then [previous_node, point_no]
            when is_node then [point_no]
            else [previous_node]
        end
    ) as stretch (segment_start)

),

-- Douglas-Peucker on every open segment of every ring at once: a step splits each segment at
-- its vertex farthest from the segment if that lies beyond the tolerance (the split vertex
-- ends one half and starts the other); a segment with nothing beyond it is done and drops
-- out. Every vertex that ever starts a segment is kept.
segments (district_pcode, polygon_no, ring_no, segment_start, point_no, x, y) as (

    select * from stretches

    union all

    select
        district_pcode,
        polygon_no,
        ring_no,
        half.half_start,
        point_no,
        x,
        y
    from (
        select
            *,
            -- The farthest vertex; of equally far ones the westernmost, then southernmost.
            case
                when max(distance) over segment > {{ tolerance_degrees }}
                    then arg_max(point_no, (distance, -x, -y)) over segment
            end as split_at
        from (
            select
                *,
                case
                    when chord = 0 then sqrt((x - from_x) ** 2 + (y - from_y) ** 2)
                    else
                        abs((to_x - from_x) * (from_y - y) - (from_x - x) * (to_y - from_y))
                        / chord
                end as distance
            from (
                select
                    *,
                    sqrt((to_x - from_x) ** 2 + (to_y - from_y) ** 2) as chord
                from (
                    -- The segment's ends in a fixed order (west to east, then south to north),
                    -- whichever way the ring runs, so a border two districts share gives both
                    -- the same distances.
                    select
                        *,
                        case when (x1, y1) <= (x2, y2) then x1 else x2 end as from_x,
                        case when (x1, y1) <= (x2, y2) then y1 else y2 end as from_y,
                        case when (x1, y1) <= (x2, y2) then x2 else x1 end as to_x,
                        case when (x1, y1) <= (x2, y2) then y2 else y1 end as to_y
                    from (
                        select
                            *,
                            arg_min(x, point_no) over segment as x1,
                            arg_min(y, point_no) over segment as y1,
                            arg_max(x, point_no) over segment as x2,
                            arg_max(y, point_no) over segment as y2
                        from segments
                        window segment as (
                            partition by district_pcode, polygon_no, ring_no, segment_start
                        )
                    ) as segment_ends
                ) as ordered_ends
            ) as chords
        ) as distances
        window segment as (partition by district_pcode, polygon_no, ring_no, segment_start)
    ) as splits
    cross join
        unnest(
            case
                when point_no = split_at then [segment_start, split_at]
                when point_no < split_at then [segment_start]
                else [split_at]
            end
        ) as half (half_start)
    where split_at is not null

),

kept as (

    select distinct
        district_pcode,
        polygon_no,
        ring_no,
        segment_start as point_no
    from segments

),

marked_points as (

    select
        points.*,
        kept.point_no is not null as is_kept,
        count(kept.point_no) over (
            partition by points.district_pcode, points.polygon_no, points.ring_no
        ) as kept_in_ring
    from points
    left join kept
        on
            points.district_pcode = kept.district_pcode
            and points.polygon_no = kept.polygon_no
            and points.ring_no = kept.ring_no
            and points.point_no = kept.point_no

),

kept_points as (

    select *
    from marked_points
    -- A ring too small for the tolerance keeps its own shape.
    where is_kept or kept_in_ring < 4

),

ring_edges as (

    select
        *,
        lead(x) over ring_order as next_x,
        lead(y) over ring_order as next_y
    from kept_points
    window ring_order as (partition by district_pcode, polygon_no, ring_no order by point_no)

),

-- Shoelace sum: negative for a clockwise ring.
ring_areas as (

    select
        district_pcode,
        polygon_no,
        ring_no,
        sum(x * next_y - next_x * y) as twice_signed_area
    from ring_edges
    where next_x is not null
    group by district_pcode, polygon_no, ring_no

),

wound_rings as (

    select
        kept_points.district_pcode,
        kept_points.polygon_no,
        kept_points.ring_no,
        count(*) as ring_vertices,
        list(
            [kept_points.x, kept_points.y]
            order by
                case
                    when (ring_areas.twice_signed_area > 0) = (kept_points.ring_no = 1)
                        then -kept_points.point_no
                    else kept_points.point_no
                end
        ) as ring
    from kept_points
    inner join ring_areas
        on
            kept_points.district_pcode = ring_areas.district_pcode
            and kept_points.polygon_no = ring_areas.polygon_no
            and kept_points.ring_no = ring_areas.ring_no
    group by kept_points.district_pcode, kept_points.polygon_no, kept_points.ring_no

),

wound_polygons as (

    select
        district_pcode,
        polygon_no,
        sum(ring_vertices) as polygon_vertices,
        list(ring order by ring_no) as rings
    from wound_rings
    group by district_pcode, polygon_no

),

source_vertices as (

    select
        district_pcode,
        count(*) as source_vertices
    from points
    group by district_pcode

),

final as (

    select
        polygons.district_pcode,
        polygons.district_name,
        polygons.geometry_type,
        source_vertices.source_vertices,
        sum(wound_polygons.polygon_vertices)::bigint as map_vertices,
        json_object(
            'type', 'Feature',
            'id', polygons.district_pcode,
            'properties', json_object(
                'district_pcode', polygons.district_pcode,
                'district_name', polygons.district_name
            ),
            'geometry', json_object(
                'type', polygons.geometry_type,
                'coordinates',
                case polygons.geometry_type
                    when 'Polygon' then to_json(first(wound_polygons.rings))
                    else to_json(list(wound_polygons.rings order by wound_polygons.polygon_no))
                end
            )
        )::varchar as feature_geojson
    from polygons
    inner join wound_polygons
        on polygons.district_pcode = wound_polygons.district_pcode
    inner join source_vertices
        on polygons.district_pcode = source_vertices.district_pcode
    group by
        polygons.district_pcode,
        polygons.district_name,
        polygons.geometry_type,
        source_vertices.source_vertices

)

select * from final
