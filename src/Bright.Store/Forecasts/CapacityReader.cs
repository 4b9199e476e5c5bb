using Dapper;

namespace Bright.Store.Forecasts;

/// <summary>What demand-and-capacity forecasts read from events: inpatient stays on chosen wards, and planned theatre sessions.</summary>
public sealed class CapacityReader(BrightStore store)
{
    /// <summary>
    /// Stays on <paramref name="wards"/> at <paramref name="site"/>, rebuilt per subject from Admission, Transfer and
    /// Discharge events (each sets the subject's ward, from its <c>ward</c> attribute, until the subject's next such
    /// event); moves between the chosen wards continue one stay. Times are Europe/London clock times; LeftAt is
    /// null while the subject is still there. A stay is elective when the event that brought the subject onto the
    /// wards says so (<c>patientClass</c> elective or daycase, or an <c>admitMethod</c> starting <c>elective</c>).
    /// Ordered by admission.
    /// </summary>
    public async Task<IReadOnlyList<WardStay>> StaysAsync(string site, IReadOnlyCollection<string> wards, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wards);
        using var connection = store.OpenConnection();
        var segments = await connection.QueryAsync<Segment>(new CommandDefinition("""
            WITH moves AS (
                SELECT subject, occurred_at AS moved_at, kind, (attributes->>'ward') AS ward,
                       coalesce((attributes->>'patientClass') IN ('elective', 'daycase')
                                OR starts_with(coalesce(attributes->>'admitMethod', ''), 'elective'), false) AS elective
                FROM events
                WHERE site = $site AND kind IN ('Admission', 'Transfer', 'Discharge') AND subject IS NOT NULL
            ), segments AS (
                SELECT subject, ward, kind, elective, moved_at AS from_at,
                       lead(moved_at) OVER (PARTITION BY subject ORDER BY moved_at, kind) AS to_at
                FROM moves
            )
            SELECT subject, timezone('Europe/London', from_at) AS from_at, timezone('Europe/London', to_at) AS to_at, elective
            FROM segments
            WHERE kind <> 'Discharge' AND list_contains(string_split($wards, ','), ward)
            ORDER BY subject, from_at
            """, new { site, wards = string.Join(',', wards) }, cancellationToken: cancellationToken));
        var stays = new List<WardStay>();
        Segment? open = null;
        foreach (var segment in segments)
        {
            if (open is not null && open.Subject == segment.Subject && open.To_At == segment.From_At)
            {
                open = open with { To_At = segment.To_At };
                continue;
            }

            if (open is not null)
            {
                stays.Add(new WardStay(open.From_At, open.To_At, open.Elective));
            }

            open = segment;
        }

        if (open is not null)
        {
            stays.Add(new WardStay(open.From_At, open.To_At, open.Elective));
        }

        return [.. stays.OrderBy(s => s.AdmittedAt)];
    }

    /// <summary>
    /// Elective admissions booked to <paramref name="wards"/> at <paramref name="site"/>: each <c>PreAdmission</c> whose
    /// <c>ward</c> attribute is one of them, whose <c>expectedAt</c> is a time and whose <c>patientClass</c> is not
    /// <c>daycase</c> (day cases go home the same day, so hold no bed at midnight), with when it was booked, when the
    /// patient is expected, and when it stopped being pending (the subject's first Admission at the site, or the first
    /// <c>CaseCancelled</c> of its <c>caseId</c>, after the booking; null while neither has happened). Europe/London
    /// clock times, ordered by expected time.
    /// </summary>
    public async Task<IReadOnlyList<BookedAdmission>> BookingsAsync(string site, IReadOnlyCollection<string> wards,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(wards);
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<Booking>(new CommandDefinition("""
            WITH booked AS (
                SELECT row_number() OVER () AS id, subject, (attributes->>'caseId') AS case_id, occurred_at AS booked_at,
                       TRY_CAST((attributes->>'expectedAt') AS TIMESTAMPTZ) AS expected_at
                FROM events
                WHERE site = $site AND kind = 'PreAdmission' AND subject IS NOT NULL
                  AND list_contains(string_split($wards, ','), attributes->>'ward')
                  AND coalesce(attributes->>'patientClass', '') <> 'daycase'
            ), admitted AS (
                SELECT b.id, min(a.occurred_at) AS at
                FROM booked b JOIN events a ON a.site = $site AND a.kind = 'Admission' AND a.subject = b.subject AND a.occurred_at >= b.booked_at
                GROUP BY b.id
            ), cancelled AS (
                SELECT b.id, min(c.occurred_at) AS at
                FROM booked b JOIN events c ON c.site = $site AND c.kind = 'CaseCancelled' AND (c.attributes->>'caseId') = b.case_id
                     AND c.occurred_at >= b.booked_at
                GROUP BY b.id
            )
            SELECT timezone('Europe/London', b.booked_at) AS booked_at, timezone('Europe/London', b.expected_at) AS expected_at,
                   timezone('Europe/London', CASE WHEN a.at IS NULL THEN c.at WHEN c.at IS NULL THEN a.at ELSE least(a.at, c.at) END) AS resolved_at
            FROM booked b LEFT JOIN admitted a ON a.id = b.id LEFT JOIN cancelled c ON c.id = b.id
            WHERE b.expected_at IS NOT NULL
            ORDER BY expected_at, booked_at
            """, new { site, wards = string.Join(',', wards) }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new BookedAdmission(r.Booked_At, r.Expected_At, r.Resolved_At))];
    }

    /// <summary>
    /// Planned theatre session minutes per local day from <paramref name="from"/> for <paramref name="days"/> days: the
    /// latest <c>TheatreListPlanned</c> of each list (its <c>listId</c>), by the local day of its <c>start</c>, minutes in
    /// its value; days with no list are 0.
    /// </summary>
    public async Task<IReadOnlyList<double>> SessionMinutesAsync(string site, DateOnly from, int days, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = (await connection.QueryAsync<(DateTime Day, double Minutes)>(new CommandDefinition("""
            WITH lists AS (
                SELECT (attributes->>'listId') AS list_id, arg_max(value, occurred_at) AS minutes,
                       arg_max(TRY_CAST((attributes->>'start') AS TIMESTAMPTZ), occurred_at) AS starts_at
                FROM events
                WHERE site = $site AND kind = 'TheatreListPlanned' AND (attributes->>'listId') IS NOT NULL
                GROUP BY list_id
            )
            SELECT CAST(CAST(timezone('Europe/London', starts_at) AS DATE) AS TIMESTAMP) AS day, CAST(sum(coalesce(minutes, 0)) AS DOUBLE) AS minutes
            FROM lists
            WHERE starts_at IS NOT NULL
              AND CAST(timezone('Europe/London', starts_at) AS DATE) BETWEEN CAST($from AS DATE) AND CAST($to AS DATE)
            GROUP BY day
            """, new { site, from = from.ToDateTime(TimeOnly.MinValue), to = from.AddDays(days - 1).ToDateTime(TimeOnly.MinValue) },
            cancellationToken: cancellationToken))).ToDictionary(r => DateOnly.FromDateTime(r.Day), r => r.Minutes);
        return [.. Enumerable.Range(0, days).Select(d => rows.GetValueOrDefault(from.AddDays(d)))];
    }

    private sealed record Segment(string Subject, DateTime From_At, DateTime? To_At, bool Elective);

    private sealed record Booking(DateTime Booked_At, DateTime Expected_At, DateTime? Resolved_At);
}

/// <summary>One stay on a set of wards, in Europe/London clock times.</summary>
/// <param name="AdmittedAt">When the subject arrived on those wards.</param>
/// <param name="LeftAt">When they left them; null while still there.</param>
/// <param name="Elective">Whether they came in from the waiting list (an elective or day case).</param>
public sealed record WardStay(DateTime AdmittedAt, DateTime? LeftAt, bool Elective = false);

/// <summary>An elective admission booked to a set of wards, in Europe/London clock times.</summary>
/// <param name="BookedAt">When it was booked.</param>
/// <param name="ExpectedAt">When the patient is expected.</param>
/// <param name="ResolvedAt">When it stopped being pending (admitted or cancelled); null while pending.</param>
public sealed record BookedAdmission(DateTime BookedAt, DateTime ExpectedAt, DateTime? ResolvedAt);
