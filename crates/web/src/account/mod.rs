pub mod api;
pub mod pages;

use crate::routes::Routes;

pub fn routes() -> Routes {
    pages::routes().merge(api::routes())
}
