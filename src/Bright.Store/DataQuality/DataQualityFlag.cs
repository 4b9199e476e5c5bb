namespace Bright.Store.DataQuality;

/// <summary>Something accepted that its feed's owner should fix at the source.</summary>
/// <param name="FlaggedAt">When BRIGHT flagged it.</param>
/// <param name="Source">The feed.</param>
/// <param name="Site">The site, when known.</param>
/// <param name="EventId">The event it concerns, when one.</param>
/// <param name="Field">The field at fault, e.g. <c>location</c>.</param>
/// <param name="Message">What is wrong and how to fix it.</param>
public sealed record DataQualityFlag(DateTimeOffset FlaggedAt, string Source, string? Site, string? EventId, string Field, string Message);
