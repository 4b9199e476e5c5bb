namespace Bright.Server.Auth;

/// <summary>The roles of DESIGN.md's security section; a token carries exactly one.</summary>
public enum BrightRole
{
    /// <summary>A kiosk bound to one dashboard and its sites; reads through the hub only.</summary>
    Wallboard,

    /// <summary>Theatre, bed and site managers.</summary>
    Operational,

    /// <summary>Executives and board members.</summary>
    Executive,

    /// <summary>Self-service SQL on de-identified views.</summary>
    Analyst,

    /// <summary>A sending system: ingestion only.</summary>
    Feed,

    /// <summary>Feeds, users, jobs; may also ingest.</summary>
    Administrator,
}

/// <summary>Authorization policy names used by the endpoints.</summary>
public static class BrightPolicies
{
    /// <summary>Feed or Administrator: <c>POST /api/events</c>, <c>/api/fhir</c>.</summary>
    public const string Ingest = "ingest";

    /// <summary>Any role but Wallboard: read APIs and <c>POST /api/spc</c>.</summary>
    public const string Read = "read";

    /// <summary>Analyst or Administrator: <c>/api/query</c>.</summary>
    public const string Query = "query";

    /// <summary>Administrator only: the jobs dashboard and administration.</summary>
    public const string Administer = "administer";

    /// <summary>Any valid token: the hub.</summary>
    public const string Live = "live";

    /// <summary>Acknowledging alerts: Operational or Administrator.</summary>
    public const string Acknowledge = "acknowledge";
}
