using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Bright.Server.Auth;

/// <summary>
/// Bearer authentication against the configured local tokens. Reads <c>Authorization: Bearer</c>, or
/// <c>access_token</c> in the query for the hub, the wallboard pages and the jobs dashboard (browsers
/// cannot set headers on WebSockets or page loads). Challenges and refusals answer problem+json.
/// </summary>
internal sealed class LocalTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, LocalTokenRegistry tokens) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Bearer";
    public const string SitesClaim = "bright:site";
    public const string DashboardClaim = "bright:dashboard";
    public const string JobsCookie = "bright_jobs";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = ReadToken(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Find(token) is not { } entry)
        {
            return Task.FromResult(AuthenticateResult.Fail("The bearer token is not known."));
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, entry.Name), new(ClaimTypes.Role, entry.Role.ToString()) };
        claims.AddRange(entry.Sites.Select(s => new Claim(SitesClaim, s)));
        if (entry.Dashboard is not null)
        {
            claims.Add(new Claim(DashboardClaim, entry.Dashboard));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var hasToken = ReadToken(Request) is not null;
        Response.Headers.WWWAuthenticate = hasToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        return WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized", hasToken
            ? "The bearer token is not known. Use a token from Bright:Auth:LocalTokens, or the administrator token BRIGHT printed at start-up."
            : "A bearer token is required: send 'Authorization: Bearer <token>' (the hub and pages also accept '?access_token=<token>').");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        return WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden",
            $"The token's role '{role}' may not use {Request.Method} {Request.Path}. See the roles in README's 'Security' section.");
    }

    private Task WriteProblemAsync(int status, string title, string detail)
    {
        var problem = TypedResults.Problem(detail: detail, statusCode: status, title: title, instance: Request.Path);
        return ((IResult)problem).ExecuteAsync(Context);
    }

    private static string? ReadToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var value = header["Bearer ".Length..].Trim();
            return value.Length > 0 ? value : null;
        }

        var path = request.Path;
        if (path.StartsWithSegments("/hubs") || path.StartsWithSegments("/wallboard") || path.StartsWithSegments("/jobs"))
        {
            if (request.Query.TryGetValue("access_token", out var query) && !string.IsNullOrWhiteSpace(query))
            {
                return query.ToString();
            }
        }

        return path.StartsWithSegments("/jobs") && request.Cookies.TryGetValue(JobsCookie, out var cookie) ? cookie : null;
    }
}
