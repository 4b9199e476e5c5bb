using System.Globalization;
using Bright.Core.Events;

namespace Bright.Analytics.Tests.State;

/// <summary>Hand-built canonical events for state-machine tests; each call gets a fresh id.</summary>
internal static class Ev
{
    private static int _next;

    public static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);

    public static HospitalEvent Make(EventKind kind, DateTimeOffset at, string? subject = null, string? location = null, string? code = null,
        double? value = null, params (string Key, string Value)[] attributes) => new()
        {
            EventId = "e-" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture),
            OccurredAt = at,
            ReceivedAt = at,
            Source = "test-feed",
            Site = "RQ6",
            Kind = kind,
            Subject = subject,
            Location = location,
            Code = code,
            Value = value,
            Attributes = attributes.ToDictionary(a => a.Key, a => a.Value),
        };
}
