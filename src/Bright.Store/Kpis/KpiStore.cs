using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Bright.Core.Kpis;
using Bright.Core.Reference;
using Dapper;

namespace Bright.Store.Kpis;

/// <summary>A definition as stored, with its revision and who saved it last.</summary>
/// <param name="Definition">The definition, targets included.</param>
/// <param name="Revision">1 when first stored, +1 on every change.</param>
/// <param name="UpdatedAt">When it was last saved (UTC).</param>
/// <param name="UpdatedBy">Who saved it: <c>catalogue vN</c> or an administrator.</param>
public sealed record StoredKpi(KpiDefinition Definition, int Revision, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>One period of a KPI's series as its SQL returned it; unused fields are null.</summary>
/// <param name="Period">The period's date (Europe/London).</param>
/// <param name="Value">The value, for <see cref="KpiSeriesShape.Value"/>.</param>
/// <param name="Numerator">The numerator, for <see cref="KpiSeriesShape.Ratio"/>.</param>
/// <param name="Denominator">The denominator, for <see cref="KpiSeriesShape.Ratio"/>.</param>
public sealed record KpiSeriesRow(DateOnly Period, double? Value, double? Numerator, double? Denominator);

/// <summary>The latest periods of a KPI's series and how much of the store they were read from.</summary>
/// <param name="Rows">The rows, in period order.</param>
/// <param name="Since">The start of the window of events the SQL read (UTC); null when it read the whole history.</param>
public sealed record KpiSeriesWindow(IReadOnlyList<KpiSeriesRow> Rows, DateTimeOffset? Since);

/// <summary>One scheduled SPC computation of a KPI, as kept in <c>kpi_spc_results</c>.</summary>
/// <param name="KpiId">The KPI.</param>
/// <param name="Revision">The definition's revision it used.</param>
/// <param name="ComputedAt">When (UTC).</param>
/// <param name="PointCount">Periods in the series.</param>
/// <param name="LatestPeriod">The last period, null without data.</param>
/// <param name="LatestValue">The last plotted value, null without data.</param>
/// <param name="Variation">The variation icon's contract name, null without data.</param>
/// <param name="Assurance">The assurance icon's contract name, null when none.</param>
/// <param name="Narrative">The narrative.</param>
/// <param name="Target">The target the assurance used, null for none.</param>
/// <param name="SeriesJson">The series rows as JSON.</param>
/// <param name="ResultJson">The SPC response as JSON.</param>
public sealed record KpiSpcRecord(string KpiId, int Revision, DateTimeOffset ComputedAt, int PointCount, DateOnly? LatestPeriod,
    double? LatestValue, string? Variation, string? Assurance, string Narrative, double? Target, string SeriesJson, string ResultJson);

/// <summary>
/// The KPI catalogue in the store (<c>kpis</c>, <c>kpi_target</c>, history), scheduled SPC results, and the
/// execution of KPI SQL. Thread-safe; writes of the catalogue are serialised.
/// </summary>
public sealed class KpiStore(BrightStore store, TimeProvider clock) : IDisposable
{
    private static readonly JsonSerializerOptions Json = JsonSerializerOptions.Web;
    private readonly SemaphoreSlim _writes = new(1, 1);

    /// <summary>The highest catalogue file version loaded into this store, 0 for none.</summary>
    public async Task<int> CatalogueVersionAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT max(version) FROM kpi_catalogue_versions", cancellationToken: cancellationToken)) ?? 0;
    }

    /// <summary>
    /// Loads catalogue file <paramref name="version"/> when it is newer than the stored one: every definition
    /// it holds replaces the stored one of that id (KPIs added by administrators stay). Returns whether it loaded.
    /// </summary>
    public async Task<bool> LoadCatalogueAsync(int version, IReadOnlyList<KpiDefinition> kpis, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kpis);
        await _writes.WaitAsync(cancellationToken);
        try
        {
            using var connection = store.OpenConnection();
            var stored = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT max(version) FROM kpi_catalogue_versions", cancellationToken: cancellationToken)) ?? 0;
            if (version <= stored)
            {
                return false;
            }

            using var transaction = connection.BeginTransaction();
            foreach (var kpi in kpis)
            {
                await SaveCoreAsync(connection, transaction, kpi, $"catalogue v{version}", clock.GetUtcNow(), cancellationToken);
            }

            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO kpi_catalogue_versions (version, loaded_at, kpi_count) VALUES ($version, $now, $count)",
                new { version, now = clock.GetUtcNow().UtcDateTime, count = kpis.Count }, transaction, cancellationToken: cancellationToken));
            transaction.Commit();
            return true;
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Replaces <c>reference_wards</c> with the wards of <paramref name="trust"/>.</summary>
    public async Task ReplaceReferenceWardsAsync(TrustReference trust, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trust);
        using var connection = store.OpenConnection();
        using var transaction = connection.BeginTransaction();
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM reference_wards", transaction: transaction, cancellationToken: cancellationToken));
        foreach (var site in trust.Sites)
        {
            foreach (var ward in site.Wards)
            {
                await connection.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO reference_wards (site, ward, name, specialty, type, beds, escalation_beds)
                    VALUES ($site, $ward, $name, $specialty, $type, $beds, $escalation)
                    """, new
                {
                    site = site.Code,
                    ward = ward.Code,
                    name = ward.Name,
                    specialty = ward.Specialty,
                    type = JsonNamingPolicy.SnakeCaseLower.ConvertName(ward.Type.ToString()),
                    beds = ward.Beds,
                    escalation = ward.EscalationBeds,
                }, transaction, cancellationToken: cancellationToken));
            }
        }

        transaction.Commit();
    }

    /// <summary>Every stored KPI, by id.</summary>
    public async Task<IReadOnlyList<StoredKpi>> ListAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<KpiRow>(new CommandDefinition(
            "SELECT id, CAST(definition AS VARCHAR) AS definition, revision, updated_at AS updatedAt, updated_by AS updatedBy FROM kpis ORDER BY id",
            cancellationToken: cancellationToken));
        var targets = (await connection.QueryAsync<TargetRow>(new CommandDefinition("""
            SELECT kpi_id AS kpiId, kind, comparator, value, CAST(effective_from AS TIMESTAMP) AS effectiveFrom,
                CAST(effective_to AS TIMESTAMP) AS effectiveTo, source
            FROM kpi_target ORDER BY kpi_id, kind, effective_from
            """, cancellationToken: cancellationToken))).ToLookup(t => t.KpiId, StringComparer.Ordinal);
        return [.. rows.Select(r => r.ToStored(targets[r.Id]))];
    }

    /// <summary>The KPI <paramref name="id"/>, or null when there is none.</summary>
    public async Task<StoredKpi?> FindAsync(string id, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(k => string.Equals(k.Definition.Id, id, StringComparison.Ordinal));

    /// <summary>Stores <paramref name="kpi"/> (new or replacing the one of its id) with its targets; returns the stored revision.</summary>
    public async Task<int> SaveAsync(KpiDefinition kpi, string savedBy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kpi);
        var now = clock.GetUtcNow();
        return await Replication.ReplicatedChanges.WriteOnceAsync(store, _writes, null, Replication.ReplicatedChanges.Kpi, now,
            (connection, transaction) => SaveCoreAsync(connection, transaction, kpi, savedBy, now, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Applies a save read from the cluster's log at <paramref name="logKey"/> (distributed mode), made at
    /// <paramref name="at"/>; the new revision, or null (storing nothing) when that change was applied before.
    /// </summary>
    public async Task<int?> ApplySaveAsync(string logKey, KpiDefinition kpi, string savedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(kpi);

        // int? rather than int, so that a change applied before gives null rather than revision 0.
        return await Replication.ReplicatedChanges.WriteOnceAsync<int?>(store, _writes, logKey, Replication.ReplicatedChanges.Kpi, at,
            async (connection, transaction) => await SaveCoreAsync(connection, transaction, kpi, savedBy, at, cancellationToken), cancellationToken);
    }

    /// <summary>Checks a KPI's SQL against this store (see <see cref="KpiSqlChecker"/>).</summary>
    public KpiSeriesShape? CheckSql(string sql, List<string> errors)
    {
        using var connection = store.OpenConnection();
        return KpiSqlChecker.Check(connection, sql, errors);
    }

    /// <summary>Runs a KPI's SQL, already checked, over the whole history and returns its rows in period order.</summary>
    /// <exception cref="InvalidOperationException">The SQL does not check out; the message gives the reasons.</exception>
    public async Task<IReadOnlyList<KpiSeriesRow>> ReadSeriesAsync(string sql, CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        return await ReadSeriesCoreAsync(connection, sql, null, cancellationToken);
    }

    /// <summary>
    /// The last <paramref name="periods"/> rows of a KPI's series, the same rows as the last <paramref name="periods"/> of
    /// <see cref="ReadSeriesAsync"/> when no period needs an event from further back than <paramref name="lookBack"/>
    /// before the charted periods, read from only the recent part of the store. The SQL sees as <c>events</c> those that
    /// occurred or were received since the window's start (<c>dead_letters</c> received, <c>data_quality_flags</c> raised
    /// since then); the window's start is <paramref name="periods"/> × <paramref name="periodLength"/> plus
    /// <see cref="WindowMargin"/> and <paramref name="lookBack"/> before the latest event. Periods from before the charted
    /// span are dropped, as a look-back cut short can change them; a KPI naming <c>BedStatusChanged</c> sees every bed's
    /// latest status from before the window too; when fewer than <paramref name="periods"/> rows remain
    /// (gaps in the series, a stale store) the whole history is read instead.
    /// </summary>
    /// <param name="sql">The KPI's SQL, reading <c>events</c>, <c>dead_letters</c>, <c>data_quality_flags</c> or <c>reference_wards</c>.</param>
    /// <param name="periods">How many of the latest periods are wanted; at least 1.</param>
    /// <param name="periodLength">The longest a period lasts (31 days for a month); greater than zero.</param>
    /// <param name="lookBack">How far before its period a period's events can reach (an admission of a stay still open); not negative.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <exception cref="InvalidOperationException">The SQL does not check out; the message gives the reasons.</exception>
    public async Task<KpiSeriesWindow> ReadLatestSeriesAsync(string sql, int periods, TimeSpan periodLength, TimeSpan lookBack,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(periods, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(periodLength, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(lookBack, TimeSpan.Zero);
        using var connection = store.OpenConnection();
        var latestMs = await connection.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT epoch_ms(max(occurred_at)) FROM events", cancellationToken: cancellationToken));
        if (latestMs is { } ms)
        {
            var latest = DateTimeOffset.FromUnixTimeMilliseconds(ms);
            var charted = DateOnly.FromDateTime((latest - (periodLength * periods) - WindowMargin).UtcDateTime);

            // A day more than the look-back: periods are Europe/London dates, the window's start an instant.
            var since = new DateTimeOffset(charted.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) - lookBack - TimeSpan.FromDays(1);
            var recent = await ReadSeriesCoreAsync(connection, sql, since, cancellationToken);
            var kept = recent.Where(r => r.Period >= charted).ToList();
            if (kept.Count >= periods)
            {
                return new KpiSeriesWindow(kept[^periods..], since);
            }
        }

        var all = await ReadSeriesCoreAsync(connection, sql, null, cancellationToken);
        return new KpiSeriesWindow([.. all.Skip(Math.Max(0, all.Count - periods))], null);
    }

    /// <summary>
    /// The span added before a window's charted periods, so that a series whose latest periods trail the latest event
    /// (a KPI waiting 28 days for a rebooking, a month not yet over) still finds all its periods in the window.
    /// </summary>
    public static readonly TimeSpan WindowMargin = TimeSpan.FromDays(62);

    private static async Task<IReadOnlyList<KpiSeriesRow>> ReadSeriesCoreAsync(DbConnection connection, string sql, DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var shape = KpiSqlChecker.Check(connection, sql, errors)
            ?? throw new InvalidOperationException($"The KPI's SQL {string.Join("; ", errors)}.");
        using var command = connection.CreateCommand();
        command.CommandText = $"{WindowOf(sql, since)}SELECT * FROM ({sql}\n) AS kpi_series ORDER BY 1";
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<KpiSeriesRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0))
            {
                continue;
            }

            var period = reader.GetValue(0) switch
            {
                DateOnly date => date,
                DateTime time => DateOnly.FromDateTime(time),
                DateTimeOffset time => DateOnly.FromDateTime(time.DateTime),
                var other => throw new InvalidOperationException($"The KPI's period column holds {other.GetType().Name}."),
            };
            rows.Add(shape == KpiSeriesShape.Value
                ? new KpiSeriesRow(period, Number(reader, 1), null, null)
                : new KpiSeriesRow(period, null, Number(reader, 1), Number(reader, 2)));
        }

        return rows;
    }

    /// <summary>
    /// CTEs that shadow the tables a KPI reads with their rows since <paramref name="since"/> (nothing for all history).
    /// A KPI naming <c>BedStatusChanged</c> also sees each bed's latest status from before it: a bed's status holds until
    /// it changes, however long ago that was, as the live state's rebuild reads it; the window function that finds them
    /// is left out of other KPIs' plans. An outer CTE is seen inside the KPI's own subquery and CTEs; NOT MATERIALIZED
    /// keeps the filters pushed into the table scans, where the zone maps of the time columns skip older row groups.
    /// </summary>
    private static string WindowOf(string sql, DateTimeOffset? since)
    {
        if (since is not { } from)
        {
            return "";
        }

        var at = from.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        var beds = sql.Contains(nameof(Core.Events.EventKind.BedStatusChanged), StringComparison.OrdinalIgnoreCase) ? $"""

                UNION ALL
                SELECT * FROM main.events
                WHERE kind = 'BedStatusChanged' AND occurred_at < TIMESTAMPTZ '{at}+00' AND received_at < TIMESTAMPTZ '{at}+00'
                QUALIFY row_number() OVER (PARTITION BY location ORDER BY occurred_at DESC, received_at DESC, event_id DESC) = 1
            """ : "";
        return $"""
            WITH events AS NOT MATERIALIZED (
                SELECT * FROM main.events WHERE occurred_at >= TIMESTAMPTZ '{at}+00' OR received_at >= TIMESTAMPTZ '{at}+00'{beds}),
            dead_letters AS NOT MATERIALIZED (SELECT * FROM main.dead_letters WHERE received_at >= TIMESTAMPTZ '{at}+00'),
            data_quality_flags AS NOT MATERIALIZED (SELECT * FROM main.data_quality_flags WHERE flagged_at >= TIMESTAMPTZ '{at}+00')

            """;
    }

    /// <summary>Appends one scheduled result.</summary>
    public async Task SaveResultAsync(KpiSpcRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var connection = store.OpenConnection();
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO kpi_spc_results (kpi_id, revision, computed_at, point_count, latest_period, latest_value, variation, assurance,
                narrative, target, series, result)
            VALUES ($KpiId, $Revision, $computedAt, $PointCount, CAST($latestPeriod AS DATE), $LatestValue, $Variation, $Assurance, $Narrative, $Target,
                $SeriesJson, $ResultJson)
            """, new
        {
            record.KpiId,
            record.Revision,
            computedAt = record.ComputedAt.UtcDateTime,
            record.PointCount,
            latestPeriod = record.LatestPeriod?.ToDateTime(TimeOnly.MinValue),
            record.LatestValue,
            record.Variation,
            record.Assurance,
            record.Narrative,
            record.Target,
            record.SeriesJson,
            record.ResultJson,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>The latest stored result of each KPI.</summary>
    public async Task<IReadOnlyList<KpiSpcRecord>> LatestResultsAsync(CancellationToken cancellationToken = default)
    {
        using var connection = store.OpenConnection();
        var rows = await connection.QueryAsync<ResultRow>(new CommandDefinition("""
            SELECT kpi_id AS KpiId, revision AS Revision, computed_at AS ComputedAt, point_count AS PointCount, CAST(latest_period AS TIMESTAMP) AS LatestPeriod,
                latest_value AS LatestValue, variation AS Variation, assurance AS Assurance, narrative AS Narrative, target AS Target,
                CAST(series AS VARCHAR) AS SeriesJson, CAST(result AS VARCHAR) AS ResultJson
            FROM kpi_spc_results
            QUALIFY row_number() OVER (PARTITION BY kpi_id ORDER BY computed_at DESC) = 1
            ORDER BY kpi_id
            """, cancellationToken: cancellationToken));
        return [.. rows.Select(r => new KpiSpcRecord(r.KpiId, r.Revision, new DateTimeOffset(DateTime.SpecifyKind(r.ComputedAt, DateTimeKind.Utc)),
            r.PointCount, r.LatestPeriod is { } p ? DateOnly.FromDateTime(p) : null, r.LatestValue, r.Variation, r.Assurance, r.Narrative, r.Target,
            r.SeriesJson, r.ResultJson))];
    }

    private static async Task<int> SaveCoreAsync(DbConnection connection, DbTransaction transaction, KpiDefinition kpi, string savedBy,
        DateTimeOffset at, CancellationToken cancellationToken)
    {
        var id = kpi.Id!;
        var previous = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
            "SELECT max(revision) FROM kpi_definition_history WHERE kpi_id = $id", new { id }, transaction, cancellationToken: cancellationToken)) ?? 0;
        var revision = previous + 1;
        var now = at.UtcDateTime;
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM kpis WHERE id = $id", new { id }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM kpi_target WHERE kpi_id = $id", new { id }, transaction,
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO kpis (id, name, domain, owner, unit, improvement_direction, chart, frequency, sql, definition, revision, updated_at, updated_by)
            VALUES ($id, $name, $domain, $owner, $unit, $direction, $chart, $frequency, $sql, $definition, $revision, $now, $savedBy)
            """, new
        {
            id,
            name = kpi.Name,
            domain = kpi.Domain,
            owner = kpi.Owner,
            unit = kpi.Unit,
            direction = kpi.ImprovementDirection,
            chart = kpi.Chart,
            frequency = kpi.Frequency,
            sql = kpi.Sql,
            definition = JsonSerializer.Serialize(kpi with { Targets = null }, Json),
            revision,
            now,
            savedBy,
        }, transaction, cancellationToken: cancellationToken));
        foreach (var target in kpi.Targets ?? [])
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                INSERT INTO kpi_target (kpi_id, kind, comparator, value, effective_from, effective_to, source)
                VALUES ($id, $kind, $comparator, $value, CAST($from AS DATE), CAST($to AS DATE), $source)
                """, new
            {
                id,
                kind = target.Kind,
                comparator = target.Comparator,
                value = target.Value,
                from = target.EffectiveFrom?.ToDateTime(TimeOnly.MinValue),
                to = target.EffectiveTo?.ToDateTime(TimeOnly.MinValue),
                source = target.Source,
            }, transaction, cancellationToken: cancellationToken));
        }

        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO kpi_definition_history (kpi_id, revision, definition, saved_at, saved_by) VALUES ($id, $revision, $definition, $now, $savedBy)
            """, new { id, revision, definition = JsonSerializer.Serialize(kpi, Json), now, savedBy }, transaction, cancellationToken: cancellationToken));
        return revision;
    }

    /// <inheritdoc />
    public void Dispose() => _writes.Dispose();

    private static double? Number(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetValue(ordinal) switch
    {
        BigInteger big => (double)big,
        Int128 big => (double)big,
        UInt128 big => (double)big,
        var other => Convert.ToDouble(other, CultureInfo.InvariantCulture),
    };

    private sealed record KpiRow(string Id, string Definition, int Revision, DateTime UpdatedAt, string UpdatedBy)
    {
        public StoredKpi ToStored(IEnumerable<TargetRow> targets)
        {
            var definition = JsonSerializer.Deserialize<KpiDefinition>(Definition, Json)!;
            return new StoredKpi(definition with { Targets = [.. targets.Select(t => t.ToTarget())] }, Revision,
                new DateTimeOffset(DateTime.SpecifyKind(UpdatedAt, DateTimeKind.Utc)), UpdatedBy);
        }
    }

    private sealed record TargetRow(string KpiId, string Kind, string Comparator, double Value, DateTime EffectiveFrom, DateTime? EffectiveTo, string Source)
    {
        public KpiTarget ToTarget() => new()
        {
            Kind = Kind,
            Comparator = Comparator,
            Value = Value,
            EffectiveFrom = DateOnly.FromDateTime(EffectiveFrom),
            EffectiveTo = EffectiveTo is { } to ? DateOnly.FromDateTime(to) : null,
            Source = Source,
        };
    }

    private sealed record ResultRow(string KpiId, int Revision, DateTime ComputedAt, int PointCount, DateTime? LatestPeriod, double? LatestValue,
        string? Variation, string? Assurance, string Narrative, double? Target, string SeriesJson, string ResultJson);
}
