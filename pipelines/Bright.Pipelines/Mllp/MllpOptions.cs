using System.Net;
using Bright.Pipelines.Hl7;

namespace Bright.Pipelines.Mllp;

/// <summary>Settings of the <c>Bright:Mllp</c> section: the HL7 v2 listener and its feeds.</summary>
public sealed class MllpOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Bright:Mllp";

    /// <summary>The TCP port (DESIGN.md: 2575); 0 turns the listener off.</summary>
    public int Port { get; set; } = 2575;

    /// <summary>The address to listen on; loopback unless a feed must reach BRIGHT across the network.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>The largest message accepted, in bytes; a larger one is answered AR and the connection carries on.</summary>
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Most messages of one connection being processed at once before reading pauses (backpressure).</summary>
    public int MaxInFlight { get; set; } = 256;

    /// <summary>The feed profiles, one per sending system (<c>Bright:Mllp:Feeds:{n}:Source</c>, ...).</summary>
    public List<Hl7FeedProfile> Feeds { get; set; } = [];

    /// <summary>Whether the listener is on.</summary>
    public bool Enabled => Port != 0;

    /// <summary>Every problem with these settings, each naming its key; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Port is < 0 or > 65535)
        {
            yield return $"{Section}:Port must be from 0 (off) to 65535 (was {Port}).";
        }

        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return $"{Section}:BindAddress must be an IP address such as 127.0.0.1 or 0.0.0.0 (was '{BindAddress}').";
        }

        if (MaxMessageBytes is < 1024 or > 64 * 1024 * 1024)
        {
            yield return $"{Section}:MaxMessageBytes must be from 1024 to 67108864 (was {MaxMessageBytes}).";
        }

        if (MaxInFlight is < 1 or > 65536)
        {
            yield return $"{Section}:MaxInFlight must be from 1 to 65536 (was {MaxInFlight}).";
        }

        for (var i = 0; i < Feeds.Count; i++)
        {
            foreach (var error in Feeds[i].Validate($"{Section}:Feeds:{i}"))
            {
                yield return error;
            }
        }

        var duplicates = Feeds.GroupBy(f => f.Source, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1 && g.Key.Length > 0);
        foreach (var duplicate in duplicates)
        {
            yield return $"{Section}:Feeds: Source '{duplicate.Key}' appears {duplicate.Count()} times.";
        }
    }
}
