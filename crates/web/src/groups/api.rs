use crate::routes::Routes;

#[derive(utoipa::OpenApi)]
#[openapi()]
pub struct Doc;

pub fn routes() -> Routes {
    Routes::new()
}
