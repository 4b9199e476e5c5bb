using System.Security.Claims;
using Bright.Server.Auth;
using Microsoft.Extensions.FileProviders;

namespace Bright.Server.Pages;

/// <summary>
/// The static screens built from /dashboards: <c>/</c> (sign in, list dashboards) and
/// <c>/wallboard/{dashboardId}</c> (kiosk mode), with their scripts under <c>/app</c>.
/// </summary>
internal static class PagesEndpoints
{
    public static WebApplication MapBrightPages(this WebApplication app)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "dashboards");
        if (!File.Exists(Path.Combine(folder, "index.html")))
        {
            throw new InvalidOperationException(
                $"The dashboards are missing from '{folder}'. Build the server with npm available (dotnet build runs 'npm ci' and the dashboards' build).");
        }

        var files = new PhysicalFileProvider(folder);
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, RequestPath = "/app" });
        app.MapGet("/", () => Page(files, "index.html")).ExcludeFromDescription();
        app.MapGet("/wallboard/{dashboardId}", (string dashboardId, DashboardCatalogue dashboards) =>
            dashboards.Find(dashboardId) is null
                ? Results.Problem(statusCode: 404, title: "No such dashboard",
                    detail: $"There is no dashboard '{dashboardId}'. Built-in dashboards: {string.Join(", ", dashboards.BuiltIn.Select(d => d.Id))}.")
                : Page(files, "wallboard.html")).ExcludeFromDescription();
        app.MapGet("/api/dashboards", (ClaimsPrincipal user, DashboardCatalogue dashboards) =>
        {
            var bound = user.FindFirstValue(LocalTokenAuthenticationHandler.DashboardClaim);
            var role = user.FindFirstValue(ClaimTypes.Role);
            var list = dashboards.BuiltIn.Where(d => bound is null || d.Id == bound)
                .Where(d => d.Id != "query" || role is nameof(BrightRole.Analyst) or nameof(BrightRole.Administrator));
            return TypedResults.Ok(new { role, sites = user.FindAll(LocalTokenAuthenticationHandler.SitesClaim).Select(c => c.Value), dashboards = list });
        }).RequireAuthorization(BrightPolicies.Live);
        return app;
    }

    private static IResult Page(PhysicalFileProvider files, string name) =>
        Results.Stream(files.GetFileInfo(name).CreateReadStream(), "text/html; charset=utf-8");
}
