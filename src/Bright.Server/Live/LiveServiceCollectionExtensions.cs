using System.Text.Json.Serialization;
using Bright.Pipelines.Ingestion;
using Bright.Server.Forecasting;
using Bright.Server.Kpis;
using Bright.Server.Live.State;
using Bright.Store;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Bright.Server.Live;

internal static class LiveServiceCollectionExtensions
{
    /// <summary>SignalR, the topic registry with BRIGHT's topics, access rules and the delta publisher.</summary>
    public static IServiceCollection AddBrightLive(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>().Bind(configuration.GetSection(LiveOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LiveOptions>>(new ListedOptionsValidator<LiveOptions>(o => o.Validate()));
        // JSON is what browsers speak; MessagePack, offered beside it, carries the same documents in fewer bytes for clients that ask.
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter())).AddMessagePackProtocol();
        services.AddOptions<MessagePackHubProtocolOptions>().Configure<IOptions<JsonHubProtocolOptions>>(
            (messagePack, json) => messagePack.SerializerOptions = JsonShapedResolver.Options(json.Value.PayloadSerializerOptions));
        services.AddSingleton<TopicAccess>();
        services.AddSingleton(sp =>
        {
            var registry = new LiveTopicRegistry();
            registry.Add(new IngestTopic(sp.GetRequiredService<IngestMonitor>()));
            registry.AddLiveStateTopics(sp);
            foreach (var topic in sp.GetRequiredService<KpiCatalogue>().CreateTopics())
            {
                registry.Add(topic);
            }

            foreach (var topic in sp.GetRequiredService<ForecastTopics>().All)
            {
                registry.Add(topic);
            }

            foreach (var topic in sp.GetRequiredService<CapacityTopics>().All)
            {
                registry.Add(topic);
            }

            return registry;
        });
        services.AddBrightLiveState(configuration);
        services.AddHostedService<LivePublisher>();
        return services;
    }
}
