namespace Bright.Pipelines.Fhir;

/// <summary>How a FHIR body is written.</summary>
public enum FhirFormat
{
    /// <summary><c>application/fhir+json</c> (or plain JSON).</summary>
    Json,

    /// <summary><c>application/fhir+xml</c> (or plain XML).</summary>
    Xml,
}

/// <summary>The media types <c>POST /api/fhir</c> takes and answers with.</summary>
public static class FhirMediaTypes
{
    public const string Json = "application/fhir+json";
    public const string Xml = "application/fhir+xml";

    /// <summary>
    /// The format of a body with media type <paramref name="mediaType"/> (parameters ignored); with none, the
    /// body's first non-blank character decides (<c>&lt;</c> is XML). False for any other media type.
    /// </summary>
    public static bool TryRead(string? mediaType, string body, out FhirFormat format)
    {
        ArgumentNullException.ThrowIfNull(body);
        format = FhirFormat.Json;
        var type = mediaType?.Split(';')[0].Trim().ToLowerInvariant();
        switch (type)
        {
            case null or "":
                format = body.AsSpan().TrimStart().StartsWith("<", StringComparison.Ordinal) ? FhirFormat.Xml : FhirFormat.Json;
                return true;
            case Json or "application/json" or "text/json" or "application/json+fhir":
                return true;
            case Xml or "application/xml" or "text/xml" or "application/xml+fhir":
                format = FhirFormat.Xml;
                return true;
            default:
                return false;
        }
    }

    /// <summary>The media type answers in <paramref name="format"/> carry.</summary>
    public static string Of(FhirFormat format) => format == FhirFormat.Xml ? Xml : Json;
}
