namespace Bright.Pipelines.Hl7;

public sealed partial class Hl7EventMapper
{
    /// <summary>What every event of one message shares, and the events made so far.</summary>
    private sealed class Context(Hl7Message message, Hl7FeedProfile feed, string type, DateTimeOffset receivedAt, string eventIdPrefix)
    {
        private readonly List<string> _flags = [];

        public Hl7Message Message { get; } = message;

        public Hl7FeedProfile Feed { get; } = feed;

        /// <summary><c>ADT^A01</c>, as named in error messages.</summary>
        public string Type { get; } = type;

        public DateTimeOffset OccurredAt { get; private set; }

        public string? Site { get; set; }

        public Dictionary<string, string> Attributes { get; } = new(StringComparer.Ordinal);

        public List<HospitalEvent> Events { get; } = [];

        public void SetOccurredAt(Hl7Timestamp time, string location)
        {
            OccurredAt = time.Instant;
            Attributes["occurredAtSource"] = location;
            if (time.Precision < Hl7TimePrecision.Second)
            {
                Attributes["occurredAtPrecision"] = time.Precision.ToString().ToLowerInvariant();
            }

            if (time.Dst != Hl7DstAdjustment.None)
            {
                // DOMAIN.md §7.1: gap times move forward an hour, overlap times are read as BST; both flagged.
                Attributes["occurredAtDst"] = time.Dst == Hl7DstAdjustment.Gap ? "gap" : "overlap";
            }
        }

        /// <summary>A data-quality note for the feed owner; the message is still accepted.</summary>
        public void Flag(string note) => _flags.Add(note);

        public void Add(EventKind kind, string site, string? subject, string? location, string? code = null, double? value = null,
            IReadOnlyDictionary<string, string>? extra = null, DateTimeOffset? occurredAt = null)
        {
            var attributes = new Dictionary<string, string>(Attributes, StringComparer.Ordinal);
            if (extra is not null)
            {
                foreach (var (key, item) in extra)
                {
                    attributes[key] = item;
                }
            }

            if (_flags.Count > 0)
            {
                attributes["dataQuality"] = string.Join("; ", _flags);
            }

            Events.Add(new HospitalEvent
            {
                // One event per message keeps the prefix; orders and results with several OBRs number them.
                EventId = Events.Count == 0 ? eventIdPrefix : $"{eventIdPrefix}:{Events.Count + 1}",
                OccurredAt = occurredAt ?? OccurredAt,
                ReceivedAt = receivedAt,
                Source = Feed.Source,
                Site = site,
                Kind = kind,
                Subject = subject,
                Location = location,
                Code = code,
                Value = value,
                Attributes = attributes,
            });
        }
    }
}
