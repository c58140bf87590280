-- Quality: in the view's order.
SELECT check_name, detail, count
FROM data_quality
ORDER BY ord;
