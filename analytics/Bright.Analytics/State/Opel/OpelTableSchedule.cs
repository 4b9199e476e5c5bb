using Bright.Core.Time;

namespace Bright.Analytics.State.Opel;

/// <summary>
/// The versions of the trust's OPEL table with the local date each takes effect (DOMAIN.md §3: versioned, with
/// effective dates). The version in force at an instant is the one with the latest effective date on or before
/// that instant's local (Europe/London) date; of two with the same date, the one saved later. A version dated in
/// the future waits for its date, so nothing needs a restart. Immutable and thread-safe.
/// </summary>
public sealed class OpelTableSchedule
{
    private readonly List<ScheduledOpelTable> _versions;

    /// <summary>A schedule of <paramref name="versions"/>, given in the order they were saved (the first is the fallback).</summary>
    /// <exception cref="ArgumentException">When there is no version.</exception>
    public OpelTableSchedule(IEnumerable<ScheduledOpelTable> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        _versions = [.. versions];
        if (_versions.Count == 0)
        {
            throw new ArgumentException("An OPEL schedule needs at least one version.", nameof(versions));
        }
    }

    /// <summary>A schedule of one table, in force from its <see cref="OpelTable.ValidFrom"/> (and before it, having no other).</summary>
    public static OpelTableSchedule Single(OpelTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return new([new ScheduledOpelTable(table, table.ValidFrom)]);
    }

    /// <summary>Every version, in the order saved.</summary>
    public IReadOnlyList<ScheduledOpelTable> Versions => _versions;

    /// <summary>The version in force at <paramref name="instant"/>; before every effective date, the first saved.</summary>
    public ScheduledOpelTable At(DateTimeOffset instant)
    {
        var day = UkTime.LocalDate(instant);
        ScheduledOpelTable? best = null;
        foreach (var version in _versions)
        {
            if (version.EffectiveFrom <= day && (best is null || version.EffectiveFrom >= best.EffectiveFrom))
            {
                best = version;
            }
        }

        return best ?? _versions[0];
    }

    /// <summary>This schedule with <paramref name="version"/> saved after the others.</summary>
    public OpelTableSchedule With(ScheduledOpelTable version) => new([.. _versions, version]);
}

/// <summary>One version of the OPEL table and the local date it takes effect.</summary>
/// <param name="Table">The table.</param>
/// <param name="EffectiveFrom">The first local (Europe/London) date it is in force.</param>
public sealed record ScheduledOpelTable(OpelTable Table, DateOnly EffectiveFrom);
