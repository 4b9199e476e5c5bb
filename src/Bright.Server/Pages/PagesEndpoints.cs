using Bright.Store.Dashboards;
using Microsoft.Extensions.FileProviders;

namespace Bright.Server.Pages;

/// <summary>
/// The static screens built from /dashboards: <c>/</c> (sign in, list dashboards), <c>/wallboard/{dashboardId}</c>
/// (kiosk mode: the page for the dashboard's layout) and <c>/designer</c>, with their scripts under <c>/app</c>.
/// </summary>
internal static class PagesEndpoints
{
    /// <summary>The catalogue, the store of tailored dashboards and their validator.</summary>
    public static IServiceCollection AddBrightDashboards(this IServiceCollection services)
    {
        services.AddSingleton<DashboardStore>();
        services.AddSingleton<DashboardCatalogue>();
        services.AddSingleton<DashboardValidator>();
        return services;
    }

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
        app.MapGet("/designer", () => Page(files, "designer.html")).ExcludeFromDescription();
        app.MapGet("/wallboard/{dashboardId}", (string dashboardId, DashboardCatalogue dashboards) =>
            dashboards.Find(dashboardId) is not { } dashboard
                ? Results.Problem(statusCode: 404, title: "No such dashboard",
                    detail: $"There is no dashboard '{dashboardId}'. Built-in dashboards: {string.Join(", ", dashboards.BuiltIn.Select(d => d.Id))}.")
                : Page(files, dashboard.Document.Layout switch
                {
                    "trackboard" => "trackboard.html",
                    "bedboard" => "beds.html",
                    "spc" => "spc.html",
                    "workbench" => "query.html",
                    _ => "wallboard.html",
                })).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(PhysicalFileProvider files, string name) =>
        Results.Stream(files.GetFileInfo(name).CreateReadStream(), "text/html; charset=utf-8");
}
