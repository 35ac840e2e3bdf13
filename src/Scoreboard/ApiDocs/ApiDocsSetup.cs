namespace Scoreboard.ApiDocs;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and the try-it page at <c>/docs</c>, both served by the assembly.</summary>
public static class ApiDocsSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/docs";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddSingleton<EndpointAccess>();
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<EndpointOperations>();

            // Times go through a custom converter, which leaves the schema generator no type to show.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(DateTimeOffset) || context.JsonTypeInfo.Type == typeof(DateTimeOffset?))
                {
                    schema.Type = context.JsonTypeInfo.Type == typeof(DateTimeOffset) ? Microsoft.OpenApi.JsonSchemaType.String
                        : Microsoft.OpenApi.JsonSchemaType.String | Microsoft.OpenApi.JsonSchemaType.Null;
                    schema.Format = "date-time";
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();

        // Swagger UI's files are embedded in its package: the page loads nothing from outside this server.
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = PagePath.TrimStart('/');
            options.SwaggerEndpoint(DocumentPath, "Scoreboard API v1");
            options.DocumentTitle = "Scoreboard API";
            options.EnableTryItOutByDefault();
            options.DisplayOperationId();
        });

        // The old hand-written page's address keeps working.
        app.MapGet("/docs.html", () => TypedResults.Redirect(PagePath + "/")).ExcludeFromDescription();
        return app;
    }
}
