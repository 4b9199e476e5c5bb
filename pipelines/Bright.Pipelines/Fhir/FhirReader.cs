using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Bright.Pipelines.Fhir;

/// <summary>A parsed body: the resource (maybe partial), and each parse problem placed on the body or on a Bundle entry.</summary>
internal sealed class FhirParsed
{
    public Resource? Resource { get; init; }

    /// <summary>Problems of the body as a whole (not FHIR, an unknown resource type, a bad Bundle.type).</summary>
    public List<FhirIssue> BodyIssues { get; } = [];

    /// <summary>Problems of Bundle entries, by entry index.</summary>
    public Dictionary<int, List<FhirIssue>> EntryIssues { get; } = [];
}

/// <summary>
/// Reads FHIR R4 JSON and XML with Firely's SDK, which checks every element against the R4 definitions and
/// reports each problem with its path, line and position; problems inside a Bundle entry are kept with that
/// entry, so the rest of a batch still goes in. Also slices an entry's raw text out of the body, so a dead
/// letter keeps what the sender sent. Thread-safe.
/// </summary>
internal static partial class FhirReader
{
    private static readonly FhirJsonDeserializer Json = new();
    private static readonly FhirXmlDeserializer Xml = new();
    private static readonly XNamespace Fhir = "http://hl7.org/fhir";

    public static FhirParsed Parse(string body, FhirFormat format)
    {
        Resource? resource;
        IEnumerable<Exception> problems = [];
        try
        {
            resource = format == FhirFormat.Json ? Json.Deserialize<Resource>(body) : Xml.Deserialize<Resource>(body);
        }
        catch (DeserializationFailedException ex)
        {
            resource = ex.PartialResult as Resource;
            problems = ex.Exceptions;
        }
        catch (Exception ex) when (ex is JsonException or XmlException or FormatException or InvalidOperationException)
        {
            var parsed = new FhirParsed();
            parsed.BodyIssues.Add(new FhirIssue("", $"The body is not FHIR {format.ToString().ToUpperInvariant()}: {ex.Message}",
                OperationOutcome.IssueType.Structure));
            return parsed;
        }

        var result = new FhirParsed { Resource = resource };
        foreach (var problem in problems)
        {
            var path = (problem as ExtendedCodedException)?.InstancePath ?? "";
            var issue = new FhirIssue(path, problem.Message, OperationOutcome.IssueType.Invalid);
            var entry = EntryPath().Match(path);
            if (resource is Bundle && entry.Success)
            {
                var index = int.Parse(entry.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                (result.EntryIssues.TryGetValue(index, out var list) ? list : result.EntryIssues[index] = []).Add(issue);
            }
            else
            {
                result.BodyIssues.Add(issue);
            }
        }

        return result;
    }

    /// <summary>The raw text of Bundle entry <paramref name="index"/>'s resource, or null when it cannot be sliced.</summary>
    public static string? EntryText(string body, FhirFormat format, int index)
    {
        try
        {
            if (format == FhirFormat.Json)
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array
                    && index < entries.GetArrayLength() && entries[index].TryGetProperty("resource", out var resource)
                    ? resource.GetRawText()
                    : null;
            }

            var root = XDocument.Parse(body).Root;
            return root?.Elements(Fhir + "entry").ElementAtOrDefault(index)?.Element(Fhir + "resource")?.Elements().FirstOrDefault()?.ToString();
        }
        catch (Exception ex) when (ex is JsonException or XmlException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^Bundle\.entry\[(\d+)\]")]
    private static partial Regex EntryPath();
}
